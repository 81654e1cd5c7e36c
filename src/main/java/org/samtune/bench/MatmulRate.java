package org.samtune.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.Arrays;

/** The device's dense fp32 matmul rate in FLOP/s, measured with a ViT-B-MLP-sized product. */
public final class MatmulRate {
    private MatmulRate() {}

    public static double measure(Device device) {
        int m = 4096, k = 768, n = 3072;
        try (NDManager manager = NDManager.newBaseManager(device)) {
            NDArray a = manager.randomNormal(new Shape(m, k));
            NDArray b = manager.randomNormal(new Shape(k, n));
            for (int i = 0; i < 3; i++) {
                a.matMul(b).close();
            }
            double[] t = new double[10];
            for (int i = 0; i < t.length; i++) {
                long t0 = System.nanoTime();
                NDArray c = a.matMul(b);
                c.getFloat(0, 0); // synchronise (GPU) / force completion
                t[i] = (System.nanoTime() - t0) / 1e9;
                c.close();
            }
            Arrays.sort(t);
            return 2.0 * m * k * n / t[t.length / 2];
        }
    }
}
