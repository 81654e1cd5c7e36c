package org.samtune.train;

import java.util.SplittableRandom;

/**
 * Per-sample random streams: the stream of (seed, epoch, index) does not depend on the order or the thread in
 * which samples are loaded, so a seed reproduces every sample of every epoch.
 */
public final class Seeds {

    private Seeds() {}

    public static SplittableRandom forSample(long seed, int epoch, int index) {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        h = mix(h ^ (epoch * 0xC2B2AE3D27D4EB4FL));
        h = mix(h ^ (index * 0x165667B19E3779F9L));
        return new SplittableRandom(h);
    }

    /** A uniformly random permutation of 0..n-1 (Fisher-Yates, drawn from the last position down). */
    public static int[] permutation(SplittableRandom rng, int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** SplitMix64 finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
