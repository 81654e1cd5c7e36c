package org.samtune.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A tensor held in Java memory as read from (or about to be written to) a checkpoint: element type,
 * shape and C-contiguous little-endian bytes. Kept off the native heap so a whole state dict can be
 * inspected (architecture inference, key checks) before any model memory is allocated.
 */
public final class HostTensor {
    private final TensorType type;
    private final long[] shape;
    private final ByteBuffer data; // little-endian, C order, position 0, limit = numel * bytes

    public HostTensor(TensorType type, long[] shape, ByteBuffer data) {
        this.type = type;
        this.shape = shape.clone();
        this.data = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        long expected = numel() * type.bytes;
        if (this.data.remaining() != expected) {
            throw new IllegalArgumentException("Tensor of shape " + Arrays.toString(shape) + " and type " + type
                    + " needs " + expected + " bytes, got " + this.data.remaining());
        }
    }

    public static HostTensor ofFloats(long[] shape, float[] values) {
        ByteBuffer bb = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bb.asFloatBuffer().put(values);
        return new HostTensor(TensorType.FLOAT32, shape, bb);
    }

    /** Copies an NDArray (any device) to host memory, keeping its element type. */
    public static HostTensor of(NDArray array) {
        TensorType t = TensorType.fromDjl(array.getDataType());
        ByteBuffer bb = array.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer copy = ByteBuffer.allocate(bb.remaining()).order(ByteOrder.LITTLE_ENDIAN);
        copy.put(bb).flip();
        return new HostTensor(t, array.getShape().getShape(), copy);
    }

    public TensorType type() {
        return type;
    }

    public long[] shape() {
        return shape.clone();
    }

    public Shape djlShape() {
        return new Shape(shape);
    }

    public long numel() {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return n;
    }

    /** Read-only view of the raw little-endian bytes. */
    public ByteBuffer bytes() {
        return data.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Values widened or narrowed to float32 (fp16/bf16 are exact in float32). */
    public float[] toFloats() {
        int n = Math.toIntExact(numel());
        float[] out = new float[n];
        ByteBuffer b = bytes();
        for (int i = 0; i < n; i++) {
            switch (type) {
                case FLOAT32: out[i] = b.getFloat(i * 4); break;
                case FLOAT64: out[i] = (float) b.getDouble(i * 8); break;
                case FLOAT16: out[i] = halfToFloat(b.getShort(i * 2)); break;
                case BFLOAT16: out[i] = Float.intBitsToFloat((b.getShort(i * 2) & 0xffff) << 16); break;
                case INT64: out[i] = b.getLong(i * 8); break;
                case INT32: out[i] = b.getInt(i * 4); break;
                case INT16: out[i] = b.getShort(i * 2); break;
                case INT8: out[i] = b.get(i); break;
                case UINT8: case BOOL: out[i] = b.get(i) & 0xff; break;
                default: throw new IllegalStateException(type.name());
            }
        }
        return out;
    }

    /** Values as float64: exact for every floating type, and for integers up to 2^53. */
    public double[] toDoubles() {
        int n = Math.toIntExact(numel());
        double[] out = new double[n];
        if (type == TensorType.FLOAT64) {
            bytes().asDoubleBuffer().get(out);
        } else if (type.isFloating()) {
            float[] f = toFloats(); // float16 / bfloat16 / float32 are exact in float32
            for (int i = 0; i < n; i++) {
                out[i] = f[i];
            }
        } else {
            long[] l = toLongs();
            for (int i = 0; i < n; i++) {
                out[i] = l[i];
            }
        }
        return out;
    }

    /** Values of an integer or bool tensor as int64 (exact); floating types are rejected. */
    public long[] toLongs() {
        if (type.isFloating()) {
            throw new IllegalStateException("toLongs() on a " + type + " tensor");
        }
        int n = Math.toIntExact(numel());
        long[] out = new long[n];
        ByteBuffer b = bytes();
        for (int i = 0; i < n; i++) {
            switch (type) {
                case INT64: out[i] = b.getLong(i * 8); break;
                case INT32: out[i] = b.getInt(i * 4); break;
                case INT16: out[i] = b.getShort(i * 2); break;
                case INT8: out[i] = b.get(i); break;
                default: out[i] = b.get(i) & 0xff; break; // UINT8, BOOL
            }
        }
        return out;
    }

    /** Creates the tensor in {@code manager}; floating types become float32 (the model's compute type). */
    public NDArray toFloat32(NDManager manager) {
        if (type == TensorType.FLOAT32) {
            return manager.create(bytes(), djlShape(), DataType.FLOAT32);
        }
        return manager.create(toFloats(), djlShape());
    }

    /** Creates the tensor in {@code manager} with its own element type. */
    public NDArray toNDArray(NDManager manager) {
        if (type == TensorType.FLOAT16 || type == TensorType.BFLOAT16) {
            return manager.create(toFloats(), djlShape()).toType(type.djlType, false);
        }
        return manager.create(bytes(), djlShape(), type.djlType);
    }

    /** IEEE 754 binary16 to float32 (Float.float16ToFloat exists only from Java 20). */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant * 0x1p-24f; // subnormal (or zero)
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    @Override
    public String toString() {
        return type + Arrays.toString(shape);
    }
}
