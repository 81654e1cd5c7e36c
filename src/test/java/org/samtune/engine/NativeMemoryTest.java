package org.samtune.engine;

import com.sun.jna.Platform;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NativeMemoryTest {
    /** glibc Linux (this project's CI and most Fiji Linux installs) supports malloc_trim; elsewhere it is a no-op. */
    @Test
    void glibcAcceptsTheAllocatorSettings() {
        // mallopt answers 0 for a value it refuses (e.g. an mmap threshold above glibc's 32 MiB limit)
        assertEquals(Platform.isLinux(), NativeMemory.keepFreedMemory());
    }

    @Test
    void trimsOnLinuxOnly() {
        assertEquals(Platform.isLinux(), NativeMemory.trim());
    }
}
