package org.samtune.checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class AtomicFilesTest {
    @TempDir
    Path tmp;

    private List<String> names() throws IOException {
        try (var s = Files.list(tmp)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesNewFileAndCreatesFolders() throws IOException {
        Path f = tmp.resolve("sub/dir/out.bin");
        AtomicFiles.write(f, out -> out.write("hello".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("hello", Files.readString(f));
        try (var s = Files.list(f.getParent())) {
            assertEquals(1, s.count());
        }
    }

    @Test
    void replacesExistingFile() throws IOException {
        Path f = tmp.resolve("out.bin");
        Files.writeString(f, "old");
        AtomicFiles.write(f, out -> out.write("new".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("new", Files.readString(f));
        assertEquals(List.of("out.bin"), names());
    }

    @Test
    void failureLeavesTargetUntouchedAndNoTempFile() throws IOException {
        Path f = tmp.resolve("out.bin");
        Files.writeString(f, "precious");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
            out.write(new byte[100_000]); // part of the new content already written
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertEquals("precious", Files.readString(f));
        assertEquals(List.of("out.bin"), names());
    }

    @Test
    void runtimeFailureAlsoCleansUp() throws IOException {
        Path f = tmp.resolve("none.bin");
        assertThrows(IllegalStateException.class, () -> AtomicFiles.write(f, out -> {
            out.write(1);
            throw new IllegalStateException("bug");
        }));
        assertFalse(Files.exists(f));
        assertEquals(List.of(), names());
    }

    @Test
    void bodyClosingTheStreamIsHarmless() throws IOException {
        Path f = tmp.resolve("closed.bin");
        AtomicFiles.write(f, out -> {
            try (var zip = new java.util.zip.ZipOutputStream(out)) {
                zip.putNextEntry(new java.util.zip.ZipEntry("a"));
                zip.write(7);
            }
        });
        try (var z = new java.util.zip.ZipFile(f.toFile())) {
            assertEquals(7, z.getInputStream(z.getEntry("a")).read());
        }
    }
}
