package org.samtune.engine;

import com.sun.jna.Platform;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NativeMemoryTest {
    /** glibc Linux (this project's CI and most Fiji Linux installs) supports malloc_trim; elsewhere it is a no-op. */
    @Test
    void glibcAcceptsTheAllocatorSettings() {
        // mallopt answers 0 for a value it refuses (e.g. an mmap threshold above glibc's 32 MiB limit)
        assertEquals(Platform.isLinux(), NativeMemory.keepFreedMemory());
    }

    /** The C environment (what native libraries read) is set, and a value already there is kept. */
    @Test
    void setsTheCEnvironmentOnlyWhenAbsent() {
        if (!Platform.isLinux()) {
            return;
        }
        String name = "SAMTUNE_TEST_VARIABLE_" + ProcessHandle.current().pid();
        assertNull(NativeMemory.getenv(name));
        assertTrue(NativeMemory.setenvIfAbsent(name, "first"));
        assertEquals("first", NativeMemory.getenv(name));
        assertFalse(NativeMemory.setenvIfAbsent(name, "second"));
        assertEquals("first", NativeMemory.getenv(name));
    }

    /** The engine start shortened libgomp's spin wait, unless the environment of this JVM chose one. */
    @Test
    void engineStartSetsTheOpenMpSpinCount() {
        DjlRuntime.init(1);
        if (!Platform.isLinux()) {
            return;
        }
        String inherited = System.getenv("GOMP_SPINCOUNT");
        boolean policy = System.getenv("OMP_WAIT_POLICY") != null;
        String expected = inherited != null ? inherited : policy ? null : DjlRuntime.OPENMP_SPIN_COUNT;
        assertEquals(expected, NativeMemory.getenv("GOMP_SPINCOUNT"));
    }

    /** The engine start keeps NVIDIA's libraries from TF32 (float32 parity on GPUs), unless the user chose. */
    @Test
    void engineStartKeepsGpuMathInFloat32() {
        DjlRuntime.init(1);
        if (!Platform.isLinux()) {
            return;
        }
        String inherited = System.getenv("NVIDIA_TF32_OVERRIDE");
        assertEquals(inherited != null ? inherited : "0", NativeMemory.getenv("NVIDIA_TF32_OVERRIDE"));
    }

    @Test
    void trimsOnLinuxOnly() {
        assertEquals(Platform.isLinux(), NativeMemory.trim());
    }
}
