package org.samtune.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Files written by real PyTorch (src/test/python/make_checkpoint_fixtures.py, torch 1.13) and a
 * hand-written safetensors file are read exactly: every element equals the value the script saved
 * in expected.npz (float64 for floating types, int64 for integers; comparisons are exact).
 */
class TorchWrittenFilesTest {
    static final Path DIR = Paths.get("src/test/resources/checkpoints");
    private static NDManager manager;
    private static NDList expected;

    @BeforeAll
    static void load() throws IOException {
        manager = NDManager.newBaseManager();
        try (InputStream in = Files.newInputStream(DIR.resolve("expected.npz"))) {
            expected = NDList.decode(manager, in);
        }
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** Every tensor of {@code sd} equals expected "<stem>__<key>", and every expected entry is present. */
    private static void assertMatches(String stem, StateDict sd, String keyPrefixInExpected) {
        List<String> names = new ArrayList<>();
        for (NDArray a : expected) {
            if (a.getName().startsWith(stem + "__")) {
                names.add(a.getName());
            }
        }
        assertEquals(names.size(), sd.size(), "entries of " + stem + ": " + sd.tensors().keySet());
        for (Map.Entry<String, HostTensor> e : sd.tensors().entrySet()) {
            String name = stem + "__" + keyPrefixInExpected + e.getKey();
            NDArray want = expected.get(name);
            assertNotNull(want, "no expected values for " + name);
            HostTensor t = e.getValue();
            long[] wantShape = want.getShape().getShape();
            if (t.shape().length == 0) {
                assertEquals(1, want.size(), name); // numpy 0-d arrays come back from npz as shape (1)
            } else {
                assertArrayEquals(wantShape, t.shape(), name);
            }
            if (want.getDataType() == DataType.INT64) {
                assertArrayEquals(want.toLongArray(), t.toLongs(), name);
            } else {
                assertArrayEquals(want.toType(DataType.FLOAT64, false).toDoubleArray(), t.toDoubles(), 0.0, name);
            }
        }
    }

    @Test
    void dtypes() {
        StateDict sd = Checkpoints.read(DIR.resolve("dtypes.pth"));
        assertEquals(TensorType.FLOAT16, sd.get("half").type());
        assertEquals(TensorType.BFLOAT16, sd.get("bf16").type());
        assertEquals(TensorType.FLOAT64, sd.get("double").type());
        assertEquals(TensorType.INT64, sd.get("long").type());
        assertEquals(TensorType.INT32, sd.get("int").type());
        assertEquals(TensorType.UINT8, sd.get("byte").type());
        assertEquals(TensorType.BOOL, sd.get("flag").type());
        assertEquals(0, sd.get("scalar").shape().length);
        // beyond float64's 53-bit mantissa: only exact int64 handling gets this right
        assertEquals((1L << 62) + 1, sd.get("long").toLongs()[3]);
        assertEquals(List.of("half", "bf16", "double", "long", "int", "byte", "flag", "float", "scalar", "num_batches_tracked"),
                new ArrayList<>(sd.tensors().keySet()), "file order is kept");
        assertMatches("dtypes", sd, "");
    }

    @Test
    void viewsStridesAndSharedStorage() {
        StateDict sd = Checkpoints.read(DIR.resolve("views.pth"));
        assertArrayEquals(new long[] {5, 4}, sd.get("transposed").shape());
        assertArrayEquals(new long[] {2, 5}, sd.get("rows").shape());
        assertArrayEquals(new long[] {4, 2}, sd.get("cols").shape());
        assertMatches("views", sd, "");
    }

    @Test
    void nestedTrainingCheckpoint() {
        StateDict sd = Checkpoints.read(DIR.resolve("nested.pth"));
        assertEquals(List.of("encoder.weight", "encoder.bias", "head.weight"), new ArrayList<>(sd.tensors().keySet()));
        assertMatches("nested", sd, "");
        Map<?, ?> root = (Map<?, ?>) PthReader.readObject(DIR.resolve("nested.pth"));
        assertEquals(3, ((Number) root.get("epoch")).intValue());
        assertEquals("nested checkpoint", root.get("name"));
        Map<?, ?> opt = (Map<?, ?>) root.get("optimizer");
        assertEquals(1e-4, ((Number) opt.get("lr")).doubleValue(), 0.0);
        assertEquals(1200, ((Number) opt.get("step")).intValue());
        assertEquals(List.of(0.9, 0.999), opt.get("betas"));
    }

    @Test
    void archiveFolderNamedAfterTheFile() throws IOException {
        Path f = DIR.resolve("oddly.named.ckpt");
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(f.toFile())) {
            assertNotNull(z.getEntry("oddly.named/data.pkl"), "fixture precondition: torch used the file stem");
        }
        assertMatches("oddly", Checkpoints.read(f), "");
    }

    @Test
    void dataParallelPrefixIsStripped() {
        StateDict sd = Checkpoints.read(DIR.resolve("dataparallel.pth"));
        assertEquals(List.of("conv.weight", "conv.bias"), new ArrayList<>(sd.tensors().keySet()));
        assertMatches("dataparallel", sd, "module.");
        // the low-level reader keeps the keys as saved
        assertTrue(PthReader.read(DIR.resolve("dataparallel.pth")).contains("module.conv.bias"));
    }

    @Test
    void partialPrefixIsKept() {
        StateDict mixed = new StateDict(Map.of("module.a", HostTensor.ofFloats(new long[] {1}, new float[] {1}),
                "b", HostTensor.ofFloats(new long[] {1}, new float[] {2})), null);
        assertSame(mixed, Checkpoints.stripDataParallelPrefix(mixed));
    }

    @Test
    void handWrittenSafetensors() {
        Path f = DIR.resolve("manual.safetensors");
        assertEquals(Checkpoints.Format.SAFETENSORS, Checkpoints.detect(f));
        StateDict sd = Checkpoints.read(f);
        assertEquals(TensorType.FLOAT16, sd.get("b.half").type());
        assertEquals(TensorType.BFLOAT16, sd.get("a.bf16").type());
        assertEquals(0, sd.get("f.scalar").shape().length);
        assertEquals((1L << 62) + 1, sd.get("d.long").toLongs()[0]);
        assertMatches("manual", sd, "");
    }

    @Test
    void samTinyValuesAgreeWithToFloat32() {
        // HostTensor -> NDArray keeps the values (the path ModelWeights.load uses)
        StateDict sd = Checkpoints.read(DIR.resolve("dtypes.pth"));
        for (String k : List.of("half", "bf16", "double", "float", "scalar")) {
            try (NDArray a = sd.get(k).toFloat32(manager)) {
                assertEquals(DataType.FLOAT32, a.getDataType());
                assertArrayEquals(sd.get(k).toFloats(), a.toFloatArray(), 0f, k);
            }
        }
    }
}
