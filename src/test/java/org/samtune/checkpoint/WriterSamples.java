package org.samtune.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Not a test: writes sample files with the Java writers for src/test/python/check_pth_writer.py, which
 * loads them with torch.load and compares against values it computes itself (same formulas, see
 * {@link #value}) and against the original fixture. Usage: WriterSamples OUTDIR.
 */
public final class WriterSamples {
    private WriterSamples() {}

    /** Element i of the sample tensor of type t: exact in every type (|v| <= 255, multiples of 1/8). */
    static double value(TensorType t, int i) {
        switch (t) {
            case BOOL: return i % 2;
            case UINT8: return 40 * i;
            case INT8: return 20 * (i - 3);
            default: return t.isFloating() ? 0.375 * (i - 3) : 37 * (i - 3);
        }
    }

    static HostTensor sample(TensorType t, long[] shape) {
        int n = 1;
        for (long s : shape) {
            n *= (int) s;
        }
        ByteBuffer b = ByteBuffer.allocate(n * t.bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            double v = value(t, i);
            switch (t) {
                case FLOAT64: b.putDouble(v); break;
                case FLOAT32: b.putFloat((float) v); break;
                case BFLOAT16: b.putShort((short) (Float.floatToIntBits((float) v) >>> 16)); break;
                case FLOAT16: b.putShort(toHalf((float) v)); break;
                case INT64: b.putLong((long) v); break;
                case INT32: b.putInt((int) v); break;
                case INT16: b.putShort((short) v); break;
                default: b.put((byte) (int) v); break;
            }
        }
        b.flip();
        return new HostTensor(t, shape, b);
    }

    /** float32 -> binary16 for values that are exact in half precision (normal range or zero). */
    static short toHalf(float f) {
        int bits = Float.floatToIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        if ((bits & 0x7fffffff) == 0) {
            return (short) sign;
        }
        int exp = ((bits >>> 23) & 0xff) - 127 + 15;
        int mant = (bits >>> 13) & 0x3ff;
        return (short) (sign | (exp << 10) | mant);
    }

    public static void main(String[] args) throws Exception {
        Path out = Paths.get(args[0]);
        Files.createDirectories(out);
        Map<String, HostTensor> types = new LinkedHashMap<>();
        for (TensorType t : TensorType.values()) {
            types.put("t." + t.name().toLowerCase(), sample(t, new long[] {2, 3}));
        }
        types.put("scalar", sample(TensorType.FLOAT32, new long[0]));
        types.put("empty", sample(TensorType.FLOAT32, new long[] {0, 4}));
        HostTensor tied = sample(TensorType.FLOAT32, new long[] {4});
        types.put("tied.a", tied);
        types.put("tied.b", tied);
        PthWriter.write(new StateDict(types, null), out.resolve("types.pth"));
        SafetensorsWriter.write(new StateDict(types, null).tensors(), Map.of("format", "pt"), out.resolve("types.safetensors"));

        StateDict sam = PthReader.read(Paths.get("src/test/resources/fixtures/sam-tiny/model.pth"));
        PthWriter.write(sam, out.resolve("sam_tiny_copy.pth"));
        SafetensorsWriter.write(sam, out.resolve("sam_tiny_copy.safetensors"));

        Map<String, Object> opt = new LinkedHashMap<>();
        opt.put("lr", 1e-4);
        opt.put("betas", List.of(0.9, 0.999));
        opt.put("step", 1L << 40);
        opt.put("negative", -70000);
        opt.put("amsgrad", false);
        opt.put("none", null);
        opt.put("pair", new Object[] {1, "two"});
        opt.put("state", Map.of("exp_avg", sample(TensorType.FLOAT32, new long[] {2, 2})));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("model", sam);
        root.put("epoch", 3);
        root.put("optimizer", opt);
        root.put("arch", "vit_b \u2013 custom");
        PthWriter.writeObject(root, out.resolve("nested.pth"));
        // without Python floats, which torch 1.13's weights_only loader cannot read
        opt.remove("lr");
        opt.remove("betas");
        PthWriter.writeObject(root, out.resolve("nested_nofloat.pth"));
        System.out.println("wrote samples to " + out.toAbsolutePath());
    }
}
