package org.samtune.checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samtune.Fixtures;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Java write -> Java read gives back the same keys, order, types, shapes and bytes, for .pth and
 * safetensors (the Python side, torch.load of PthWriter files, is checked by src/test/python/check_pth_writer.py).
 */
class WriterRoundTripTest {
    @TempDir
    Path tmp;

    static void assertSameTensors(StateDict want, StateDict got) {
        assertEquals(new ArrayList<>(want.tensors().keySet()), new ArrayList<>(got.tensors().keySet()));
        for (Map.Entry<String, HostTensor> e : want.tensors().entrySet()) {
            HostTensor w = e.getValue();
            HostTensor g = got.get(e.getKey());
            assertEquals(w.type(), g.type(), e.getKey());
            assertArrayEquals(w.shape(), g.shape(), e.getKey());
            assertEquals(w.bytes(), g.bytes(), e.getKey()); // byte-exact
        }
    }

    /** Every element type, a 0-d tensor, an empty tensor. */
    static StateDict allTypes() {
        Map<String, HostTensor> m = new LinkedHashMap<>();
        for (TensorType t : TensorType.values()) {
            long[] shape = {2, 3};
            ByteBuffer b = ByteBuffer.allocate(6 * t.bytes).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < b.capacity(); i++) {
                b.put(i, (byte) (t == TensorType.BOOL ? i % 2 : 17 * i + t.ordinal()));
            }
            m.put("t." + t.name().toLowerCase(), new HostTensor(t, shape, b));
        }
        m.put("scalar", HostTensor.ofFloats(new long[0], new float[] {-2.5f}));
        m.put("empty", HostTensor.ofFloats(new long[] {0, 4}, new float[0]));
        m.put("wide", HostTensor.ofFloats(new long[] {1, 70}, new float[70]));
        return new StateDict(m, null);
    }

    @Test
    void pthRoundTripAllTypes() {
        StateDict sd = allTypes();
        Path f = tmp.resolve("types.pth");
        PthWriter.write(sd, f);
        assertSameTensors(sd, Checkpoints.read(f));
    }

    @Test
    void pthRoundTripOfSamTinyFixture() {
        StateDict sd = PthReader.read(Fixtures.file("sam-tiny/model.pth"));
        Path f = tmp.resolve("copy.pth");
        PthWriter.write(sd, f);
        assertSameTensors(sd, PthReader.read(f));
    }

    @Test
    void pthLayoutMatchesTorch() throws IOException {
        Path f = tmp.resolve("my.model.pth");
        PthWriter.write(allTypes(), f);
        try (ZipFile z = new ZipFile(f.toFile())) {
            // torch names the folder after the file without its last extension
            assertNotNull(z.getEntry("my.model/data.pkl"));
            assertEquals("3\n", new String(z.getInputStream(z.getEntry("my.model/version")).readAllBytes(), StandardCharsets.US_ASCII));
            assertEquals("little", new String(z.getInputStream(z.getEntry("my.model/byteorder")).readAllBytes(), StandardCharsets.US_ASCII));
            assertNotNull(z.getEntry("my.model/data/0"));
            for (ZipEntry e : java.util.Collections.list(z.entries())) {
                assertEquals(ZipEntry.STORED, e.getMethod(), e.getName());
            }
            byte[] pkl = z.getInputStream(z.getEntry("my.model/data.pkl")).readAllBytes();
            assertEquals((byte) 0x80, pkl[0]);
            assertEquals(2, pkl[1], "pickle protocol 2");
        }
        // every storage starts on a 64-byte boundary (local header: 30 bytes + name + extra)
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "r")) {
            long pos = 0;
            int checked = 0;
            while (true) {
                raf.seek(pos);
                int sig = Integer.reverseBytes(raf.readInt());
                if (sig != 0x04034b50) {
                    break;
                }
                raf.seek(pos + 18);
                long size = Integer.toUnsignedLong(Integer.reverseBytes(raf.readInt()));
                raf.seek(pos + 26);
                int nameLen = Short.toUnsignedInt(Short.reverseBytes(raf.readShort()));
                int extraLen = Short.toUnsignedInt(Short.reverseBytes(raf.readShort()));
                long data = pos + 30 + nameLen + extraLen;
                assertEquals(0, data % 64, "entry at " + pos);
                checked++;
                pos = data + size;
            }
            assertEquals(allTypes().size() + 3, checked);
        }
    }

    @Test
    void sharedTensorObjectSharesOneStorage() throws IOException {
        HostTensor t = HostTensor.ofFloats(new long[] {3}, new float[] {1, 2, 3});
        Map<String, HostTensor> m = new LinkedHashMap<>();
        m.put("a", t);
        m.put("tied", t);
        Path f = tmp.resolve("tied.pth");
        PthWriter.write(new StateDict(m, null), f);
        try (ZipFile z = new ZipFile(f.toFile())) {
            assertNotNull(z.getEntry("tied/data/0"));
            assertNull(z.getEntry("tied/data/1"));
        }
        StateDict back = PthReader.read(f);
        assertArrayEquals(new float[] {1, 2, 3}, back.get("tied").toFloats());
    }

    @Test
    void nestedObjectRoundTrip() {
        StateDict model = PthReader.read(Fixtures.file("sam-tiny/model.pth"));
        Map<String, Object> opt = new LinkedHashMap<>();
        opt.put("lr", 1e-4);
        opt.put("betas", List.of(0.9, 0.999));
        opt.put("step", 1L << 40);
        opt.put("negative", -70000);
        opt.put("amsgrad", false);
        opt.put("state", Map.of("exp_avg", HostTensor.ofFloats(new long[] {2}, new float[] {0.5f, -0.5f})));
        opt.put("none", null);
        opt.put("shape", new Object[] {1, 2});
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("model", model);
        root.put("epoch", 3);
        root.put("optimizer", opt);
        root.put("arch", "vit_b – custom"); // non-ASCII survives (BINUNICODE is UTF-8)
        Path f = tmp.resolve("train.pth");
        PthWriter.writeObject(root, f);

        assertSameTensors(model, Checkpoints.read(f)); // the locator finds the nested state dict
        Map<?, ?> back = (Map<?, ?>) PthReader.readObject(f);
        assertEquals(List.of("model", "epoch", "optimizer", "arch"), new ArrayList<>(back.keySet()));
        assertEquals(3, ((Number) back.get("epoch")).intValue());
        assertEquals("vit_b – custom", back.get("arch"));
        Map<?, ?> o = (Map<?, ?>) back.get("optimizer");
        assertEquals(1e-4, (Double) o.get("lr"), 0.0);
        assertEquals(List.of(0.9, 0.999), o.get("betas"));
        assertEquals(1L << 40, ((Number) o.get("step")).longValue());
        assertEquals(-70000, ((Number) o.get("negative")).intValue());
        assertEquals(Boolean.FALSE, o.get("amsgrad"));
        assertTrue(o.containsKey("none"));
        assertNull(o.get("none"));
        assertArrayEquals(new Object[] {1, 2}, (Object[]) o.get("shape"));
        HostTensor avg = (HostTensor) ((Map<?, ?>) o.get("state")).get("exp_avg");
        assertArrayEquals(new float[] {0.5f, -0.5f}, avg.toFloats());
    }

    @Test
    void unsupportedValueTypeFailsBeforeWriting() {
        Path f = tmp.resolve("bad.pth");
        Map<String, Object> root = Map.of("thing", new java.util.Date());
        CheckpointException e = assertThrows(CheckpointException.class, () -> PthWriter.writeObject(root, f));
        assertTrue(e.getMessage().contains("bad.pth") && e.getMessage().contains("java.util.Date"), e.getMessage());
        assertFalse(Files.exists(f));
    }

    @Test
    void safetensorsRoundTrip() throws IOException {
        StateDict sd = allTypes();
        Path f = tmp.resolve("w.safetensors");
        SafetensorsWriter.write(sd.tensors(), Map.of("format", "pt"), f);
        assertEquals(Checkpoints.Format.SAFETENSORS, Checkpoints.detect(f));
        assertSameTensors(sd, Checkpoints.read(f));
        // layout: header length is a multiple of 8 and the header is JSON followed by space padding
        byte[] all = Files.readAllBytes(f);
        long n = ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8);
        String header = new String(all, 8, (int) n, StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{\"__metadata__\":{\"format\":\"pt\"}"), header);
        long data = 0;
        for (HostTensor t : sd.tensors().values()) {
            data += t.numel() * t.type().bytes;
        }
        assertEquals(8 + n + data, all.length);
    }

    @Test
    void checkpointsWriteChoosesFormatByExtension() {
        StateDict sd = allTypes();
        Path st = tmp.resolve("a.safetensors");
        Path pth = tmp.resolve("a.pth");
        Checkpoints.write(sd, st);
        Checkpoints.write(sd, pth);
        assertEquals(Checkpoints.Format.SAFETENSORS, Checkpoints.detect(st));
        assertEquals(Checkpoints.Format.PTH, Checkpoints.detect(pth));
    }

    @Test
    void writersReplaceExistingFilesAtomically() throws IOException {
        Path f = tmp.resolve("w.pth");
        Files.write(f, new byte[] {1, 2, 3});
        PthWriter.write(allTypes(), f);
        assertSameTensors(allTypes(), PthReader.read(f));
        try (var files = Files.list(tmp)) {
            assertEquals(List.of("w.pth"), files.map(p -> p.getFileName().toString()).toList(), "no temp file left");
        }
        assertFalse(Arrays.equals(new byte[] {1, 2, 3}, Files.readAllBytes(f)));
    }
}
