package org.samtune.checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samtune.Fixtures;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Broken or wrong files: every reader entry point fails with a CheckpointException whose message
 * names the file (never another exception type).
 */
class BadInputTest {
    @TempDir
    Path tmp;

    /** Runs every reader on {@code file} and returns Checkpoints.read's message. */
    private String assertRejected(Path file, String... messageParts) {
        String first = null;
        for (Function<Path, Object> reader : Arrays.<Function<Path, Object>>asList(
                Checkpoints::read, PthReader::read, PthReader::readObject, SafetensorsReader::read)) {
            CheckpointException e = assertThrows(CheckpointException.class, () -> reader.apply(file));
            assertTrue(e.getMessage().contains(file.toString()), "message should name the file: " + e.getMessage());
            if (first == null) {
                first = e.getMessage();
            }
        }
        for (String part : messageParts) {
            assertTrue(first.contains(part), "expected '" + part + "' in: " + first);
        }
        return first;
    }

    @Test
    void truncatedPth() throws IOException {
        byte[] full = Files.readAllBytes(Fixtures.file("sam-tiny/model.pth"));
        Path f = tmp.resolve("half.pth");
        Files.write(f, Arrays.copyOf(full, full.length / 2));
        assertRejected(f, "corrupt or truncated");
    }

    @Test
    void pthCutJustBeforeItsEnd() throws IOException {
        // the central directory is gone but the local headers are intact
        byte[] full = Files.readAllBytes(Fixtures.file("sam-tiny/model.pth"));
        Path f = tmp.resolve("cut.pth");
        Files.write(f, Arrays.copyOf(full, full.length - 30));
        assertRejected(f);
    }

    @Test
    void zipWithoutDataPkl() throws IOException {
        Path f = tmp.resolve("notorch.pth");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(f))) {
            z.putNextEntry(new ZipEntry("weights/readme.txt"));
            z.write("hello".getBytes(StandardCharsets.US_ASCII));
        }
        assertRejected(f, "no data.pkl");
    }

    @Test
    void zipWithGarbagePickle() throws IOException {
        Path f = tmp.resolve("garbage.pth");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(f))) {
            z.putNextEntry(new ZipEntry("garbage/data.pkl"));
            byte[] junk = new byte[500];
            new Random(7).nextBytes(junk);
            junk[0] = (byte) 0x80;
            junk[1] = 2;
            z.write(junk);
        }
        assertRejected(f);
    }

    @Test
    void pickleReferringToMissingStorage() throws IOException {
        // a valid torch pickle whose data/0 member was dropped
        Path good = tmp.resolve("good.pth");
        PthWriter.write(new StateDict(java.util.Map.of("w", HostTensor.ofFloats(new long[] {2}, new float[] {1, 2})), null), good);
        Path f = tmp.resolve("nostorage.pth");
        try (java.util.zip.ZipFile in = new java.util.zip.ZipFile(good.toFile());
             ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(f))) {
            z.putNextEntry(new ZipEntry("nostorage/data.pkl"));
            z.write(in.getInputStream(in.getEntry("good/data.pkl")).readAllBytes());
        }
        assertRejected(f, "data/0 is missing");
    }

    @Test
    void bigEndianCheckpoint() throws IOException {
        Path good = tmp.resolve("good.pth");
        PthWriter.write(new StateDict(java.util.Map.of("w", HostTensor.ofFloats(new long[] {2}, new float[] {1, 2})), null), good);
        Path f = tmp.resolve("big.pth");
        try (java.util.zip.ZipFile in = new java.util.zip.ZipFile(good.toFile());
             ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(f))) {
            for (ZipEntry e : java.util.Collections.list(in.entries())) {
                String name = e.getName().replace("good/", "big/");
                z.putNextEntry(new ZipEntry(name));
                z.write(name.endsWith("byteorder") ? "big".getBytes(StandardCharsets.US_ASCII)
                        : in.getInputStream(e).readAllBytes());
            }
        }
        assertRejected(f, "endian");
    }

    @Test
    void randomBytes() throws IOException {
        byte[] junk = new byte[4096];
        new Random(42).nextBytes(junk);
        junk[0] = 0x13; // not 'P'
        Path f = tmp.resolve("random.pth");
        Files.write(f, junk);
        assertRejected(f, "Expected a PyTorch");
    }

    @Test
    void emptyFile() throws IOException {
        Path f = tmp.resolve("empty.pth");
        Files.write(f, new byte[0]);
        assertRejected(f, "empty");
    }

    @Test
    void pngRenamedPth() throws IOException {
        Path f = tmp.resolve("image.pth");
        Files.copy(Fixtures.file("sam-tiny/image.png"), f);
        assertRejected(f, "PNG");
    }

    @Test
    void textFile() throws IOException {
        Path f = tmp.resolve("notes.pth");
        Files.writeString(f, "These are not the weights you are looking for.\n");
        assertRejected(f, "text file");
    }

    @Test
    void gitLfsPointer() throws IOException {
        Path f = tmp.resolve("sam_vit_b.pth");
        Files.writeString(f, "version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 375042383\n");
        assertRejected(f, "Git LFS");
    }

    @Test
    void missingFile() {
        Path f = tmp.resolve("does-not-exist.pth");
        assertRejected(f, "not found");
    }

    @Test
    void directoryInsteadOfFile() throws IOException {
        Path d = Files.createDirectory(tmp.resolve("folder.pth"));
        assertRejected(d);
    }

    @Test
    void truncatedSafetensors() throws IOException {
        Path good = tmp.resolve("good.safetensors");
        SafetensorsWriter.write(new StateDict(java.util.Map.of("w", HostTensor.ofFloats(new long[] {64}, new float[64])), null), good);
        byte[] all = Files.readAllBytes(good);
        Path f = tmp.resolve("cut.safetensors");
        Files.write(f, Arrays.copyOf(all, all.length - 10));
        String m = assertRejectedSafetensors(f);
        assertTrue(m.contains("outside") || m.contains("truncated"), m);
    }

    @Test
    void safetensorsWithInconsistentEntry() throws IOException {
        String header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}";
        String m = assertRejectedSafetensors(safetensors("bad.safetensors", header, 8));
        assertTrue(m.contains("needs 12 bytes"), m);
        m = assertRejectedSafetensors(safetensors("dtype.safetensors",
                "{\"w\":{\"dtype\":\"F8_E4M3\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1));
        assertTrue(m.contains("unsupported dtype"), m);
        m = assertRejectedSafetensors(safetensors("json.safetensors", "{\"w\": [1, 2}  ", 4));
        assertTrue(m.contains("JSON"), m);
        m = assertRejectedSafetensors(safetensors("overflow.safetensors",
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,4]}}", 4));
        assertTrue(m.contains("overflow.safetensors"), m);
    }

    private Path safetensors(String name, String header, int dataBytes) throws IOException {
        Path f = tmp.resolve(name);
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = Files.newOutputStream(f)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
            out.write(h);
            out.write(new byte[dataBytes]);
        }
        return f;
    }

    private static String assertRejectedSafetensors(Path f) {
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.read(f));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        return e.getMessage();
    }
}
