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
    }

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
