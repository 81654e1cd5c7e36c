package org.samtune.engine;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * Gives freed native memory back to the operating system. PyTorch's CPU allocator uses malloc, and
 * glibc keeps large freed blocks (an encoder forward frees hundreds of MB of activations) in its
 * arenas, so the process's resident size stays at the forward's peak long after it. {@link #trim()}
 * calls glibc's {@code malloc_trim(0)} where it exists and does nothing elsewhere.
 */
public final class NativeMemory {
    private interface CLibrary extends Library {
        int malloc_trim(long pad);

        int mallopt(int param, int value);

        String getenv(String name);

        int setenv(String name, String value, int overwrite);
    }

    // glibc's mallopt parameters (malloc.h)
    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_TOP_PAD = -2;
    private static final int M_MMAP_THRESHOLD = -3;

    private static final CLibrary LIBC = load();

    private NativeMemory() {}

    private static CLibrary load() {
        if (!Platform.isLinux()) {
            return null;
        }
        try {
            return Native.load("c", CLibrary.class);
        } catch (LinkageError | RuntimeException e) {
            return null; // not glibc (e.g. musl): nothing to trim
        }
    }

    /**
     * Keeps freed memory in the heap for the next tensor of the same size, instead of handing it back to
     * the OS after every free and faulting it in again, zeroed, on the next allocation. A global-attention
     * chunk allocates and frees tens of MB each time (vit_b: ~200 times per forward); with glibc's
     * dynamic thresholds those went back to the OS each time, ~1 s of page faults per vit_b forward
     * (encoder 8.1-9.1 s -> 7.7 s measured). Memory is still returned explicitly by {@link #trim()}
     * (after each encoder forward, and between runs). Called once when the engine starts; false when
     * the C library has no mallopt.
     */
    public static boolean keepFreedMemory() {
        if (LIBC == null) {
            return false;
        }
        try {
            // 32 MiB is glibc's upper limit for the mmap threshold on 64-bit: larger blocks are mmapped
            boolean ok = LIBC.mallopt(M_MMAP_THRESHOLD, 32 << 20) == 1;
            ok &= LIBC.mallopt(M_TRIM_THRESHOLD, 256 << 20) == 1;
            ok &= LIBC.mallopt(M_TOP_PAD, 64 << 20) == 1;
            return ok;
        } catch (LinkageError | RuntimeException e) {
            return false;
        }
    }

    /**
     * Sets a variable in the process's C environment (seen by native libraries loaded afterwards, such
     * as libgomp), unless it is already set there. Java's own {@code System.getenv} does not see it.
     *
     * @return true when the variable now has {@code value} because of this call
     */
    static boolean setenvIfAbsent(String name, String value) {
        if (LIBC == null) {
            return false;
        }
        try {
            return LIBC.getenv(name) == null && LIBC.setenv(name, value, 0) == 0 && value.equals(LIBC.getenv(name));
        } catch (LinkageError | RuntimeException e) {
            return false;
        }
    }

    /** The process's C environment value of {@code name}, or null (also where there is no C library access). */
    static String getenv(String name) {
        if (LIBC == null) {
            return null;
        }
        try {
            return LIBC.getenv(name);
        } catch (LinkageError | RuntimeException e) {
            return null;
        }
    }

    /** Returns free heap pages to the OS; true when the C library supports it. */
    public static boolean trim() {
        if (LIBC == null) {
            return false;
        }
        try {
            LIBC.malloc_trim(0);
            return true;
        } catch (LinkageError | RuntimeException e) {
            return false;
        }
    }
}
