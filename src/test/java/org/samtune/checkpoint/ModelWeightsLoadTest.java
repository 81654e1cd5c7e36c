package org.samtune.checkpoint;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samtune.model.ModelWeights;
import org.samtune.model.SamBlock;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** ModelWeights.load's strict check names every missing, unexpected and mis-shaped key, and the file. */
class ModelWeightsLoadTest {
    @TempDir
    Path tmp;

    /** A two-level block: "proj.weight" (2, 3), "proj.bias" (2), "norm.weight" (2). */
    static final class Tiny extends SamBlock {
        Tiny() {
            child("proj", new Linear());
            child("norm", new Norm());
        }
    }

    static final class Linear extends SamBlock {
        Linear() {
            param("weight", 2, 3);
            param("bias", 2);
        }
    }

    static final class Norm extends SamBlock {
        Norm() {
            param("weight", 2);
        }
    }

    private static HostTensor zeros(long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return HostTensor.ofFloats(shape, new float[(int) n]);
    }

    @Test
    void reportsMissingUnexpectedAndShapeMismatchByName() {
        Map<String, HostTensor> m = new LinkedHashMap<>();
        m.put("proj.weight", zeros(3, 2)); // transposed: wrong shape
        m.put("norm.weight", zeros(2));
        m.put("head.weight", zeros(5)); // not in the model
        // proj.bias missing
        Path file = tmp.resolve("wrong.pth");
        PthWriter.write(new StateDict(m, null), file);
        StateDict sd = Checkpoints.read(file);
        Tiny model = new Tiny();
        try (NDManager manager = NDManager.newBaseManager()) {
            CheckpointException e = assertThrows(CheckpointException.class, () -> ModelWeights.load(model, sd, manager));
            String msg = e.getMessage();
            assertTrue(msg.contains(file.toString()), msg);
            assertTrue(msg.contains("1 missing keys") && msg.contains("proj.bias"), msg);
            assertTrue(msg.contains("1 unexpected keys") && msg.contains("head.weight [5]"), msg);
            assertTrue(msg.contains("1 shape mismatches") && msg.contains("proj.weight: file [3, 2], model [2, 3]"), msg);
            assertFalse(msg.contains("norm.weight"), msg);
            // strict: nothing was loaded
            model.namedParameters().values().forEach(p -> assertFalse(p.isInitialized()));

            // ignored prefixes drop the unexpected key from the report, the others remain
            CheckpointException e2 = assertThrows(CheckpointException.class, () -> ModelWeights.load(model, sd, manager, "head."));
            assertFalse(e2.getMessage().contains("head.weight"), e2.getMessage());
            assertTrue(e2.getMessage().contains("proj.bias"), e2.getMessage());
        }
    }

    @Test
    void matchingFileLoadsValues() {
        Map<String, HostTensor> m = new LinkedHashMap<>();
        m.put("module.proj.weight", HostTensor.ofFloats(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}));
        m.put("module.proj.bias", HostTensor.ofFloats(new long[] {2}, new float[] {-1, 1}));
        m.put("module.norm.weight", HostTensor.ofFloats(new long[] {2}, new float[] {0.5f, 2}));
        Path file = tmp.resolve("dp.safetensors");
        SafetensorsWriter.write(new StateDict(m, null), file);
        Tiny model = new Tiny();
        try (NDManager manager = NDManager.newBaseManager()) {
            ModelWeights.load(model, Checkpoints.read(file), manager); // DataParallel prefix stripped on read
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, model.namedParameters().get("proj.weight").getArray().toFloatArray());
            assertArrayEquals(new float[] {0.5f, 2}, model.namedParameters().get("norm.weight").getArray().toFloatArray());
            // export -> write -> read gives the same tensors back
            Path out = tmp.resolve("export.pth");
            PthWriter.write(ModelWeights.export(model), out);
            StateDict back = Checkpoints.read(out);
            assertArrayEquals(new float[] {-1, 1}, back.get("proj.bias").toFloats());
            assertEquals(3, back.size());
        }
    }
}
