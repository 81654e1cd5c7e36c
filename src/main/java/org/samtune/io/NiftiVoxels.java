package org.samtune.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Voxel values of one NIfTI volume in their stored type, x fastest (index = x + nx*(y + ny*(z + nz*t))).
 *
 * <p>The backing array is a {@code byte[]} (uint8, int8), {@code short[]} (int16, uint16), {@code int[]}
 * (int32, uint32), {@code float[]} or {@code double[]}. {@link #get(int)} and {@link #set(int, double)} see
 * the stored ("raw") value as a double, unsigned types included; scl_slope/scl_inter are applied by
 * {@link NiftiImage}, not here.
 */
public final class NiftiVoxels {
    /** Bytes per read/write chunk: a multiple of every voxel size, small enough to stay in cache. */
    private static final int CHUNK = 1 << 16;

    private final NiftiDataType type;
    private final Object array;
    private final int length;

    private NiftiVoxels(NiftiDataType type, Object array, int length) {
        this.type = type;
        this.array = array;
        this.length = length;
    }

    /** Zero-filled voxels. */
    public static NiftiVoxels allocate(NiftiDataType type, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("Negative voxel count " + count);
        }
        switch (type) {
            case UINT8: case INT8: return new NiftiVoxels(type, new byte[count], count);
            case INT16: case UINT16: return new NiftiVoxels(type, new short[count], count);
            case INT32: case UINT32: return new NiftiVoxels(type, new int[count], count);
            case FLOAT32: return new NiftiVoxels(type, new float[count], count);
            default: return new NiftiVoxels(type, new double[count], count);
        }
    }

    /**
     * Wraps (does not copy) a primitive array holding values of {@code type}: {@code byte[]} for uint8/int8,
     * {@code short[]} for int16/uint16, {@code int[]} for int32/uint32, {@code float[]}, {@code double[]}.
     */
    public static NiftiVoxels wrap(NiftiDataType type, Object array) {
        Class<?> expected = backingClass(type);
        if (array == null || array.getClass() != expected) {
            throw new IllegalArgumentException(type + " voxels need a " + expected.getSimpleName() + ", got "
                    + (array == null ? "null" : array.getClass().getSimpleName()));
        }
        return new NiftiVoxels(type, array, java.lang.reflect.Array.getLength(array));
    }

    /** Float32 voxels wrapping {@code data} (no copy). */
    public static NiftiVoxels ofFloats(float[] data) {
        return wrap(NiftiDataType.FLOAT32, data);
    }

    private static Class<?> backingClass(NiftiDataType type) {
        switch (type) {
            case UINT8: case INT8: return byte[].class;
            case INT16: case UINT16: return short[].class;
            case INT32: case UINT32: return int[].class;
            case FLOAT32: return float[].class;
            default: return double[].class;
        }
    }

    public NiftiDataType type() {
        return type;
    }

    public int length() {
        return length;
    }

    /** The backing primitive array itself (not a copy); see the class comment for its Java type. */
    public Object array() {
        return array;
    }

    /** Stored value at {@code i}; unsigned types come back as their non-negative value. */
    public double get(int i) {
        switch (type) {
            case UINT8: return ((byte[]) array)[i] & 0xFF;
            case INT8: return ((byte[]) array)[i];
            case INT16: return ((short[]) array)[i];
            case UINT16: return ((short[]) array)[i] & 0xFFFF;
            case INT32: return ((int[]) array)[i];
            case UINT32: return ((int[]) array)[i] & 0xFFFFFFFFL;
            case FLOAT32: return ((float[]) array)[i];
            default: return ((double[]) array)[i];
        }
    }

    /**
     * Stores {@code value} at {@code i}. Integer types round half away from zero and reject NaN and values
     * outside the type's range, so a label never wraps around silently; float32 rounds to nearest.
     */
    public void set(int i, double value) {
        if (type.integer) {
            if (Double.isNaN(value) || value <= type.min() - 0.5 || value >= type.max() + 0.5) {
                throw new IllegalArgumentException("Value " + value + " does not fit " + type);
            }
            long r = Math.round(value);
            if (value < 0 && r - value == 0.5) {
                r--; // Math.round rounds .5 up; round negative halves away from zero like positive ones
            }
            switch (type) {
                case UINT8: case INT8: ((byte[]) array)[i] = (byte) r; return;
                case INT16: case UINT16: ((short[]) array)[i] = (short) r; return;
                default: ((int[]) array)[i] = (int) r; return;
            }
        }
        if (type == NiftiDataType.FLOAT32) {
            ((float[]) array)[i] = (float) value;
        } else {
            ((double[]) array)[i] = value;
        }
    }

    /** A copy in a new type (values converted with {@link #set(int, double)}'s rules). */
    public NiftiVoxels convert(NiftiDataType target) {
        NiftiVoxels out = allocate(target, length);
        for (int i = 0; i < length; i++) {
            out.set(i, get(i));
        }
        return out;
    }

    /**
     * Fills the voxels from {@code in} in byte order {@code order}. Returns the number of bytes read, which
     * is less than {@code length * bytes} only when the stream ended early (a truncated file).
     */
    long decode(InputStream in, ByteOrder order) throws IOException {
        byte[] chunk = new byte[CHUNK];
        ByteBuffer buf = ByteBuffer.wrap(chunk).order(order);
        long total = (long) length * type.bytes;
        long done = 0;
        int voxel = 0;
        while (done < total) {
            int want = (int) Math.min(CHUNK, total - done);
            int got = in.readNBytes(chunk, 0, want);
            done += got;
            int n = got / type.bytes;
            buf.clear();
            switch (type) {
                case UINT8: case INT8: System.arraycopy(chunk, 0, array, voxel, n); break;
                case INT16: case UINT16: buf.asShortBuffer().get((short[]) array, voxel, n); break;
                case INT32: case UINT32: buf.asIntBuffer().get((int[]) array, voxel, n); break;
                case FLOAT32: buf.asFloatBuffer().get((float[]) array, voxel, n); break;
                default: buf.asDoubleBuffer().get((double[]) array, voxel, n); break;
            }
            voxel += n;
            if (got < want) {
                break;
            }
        }
        return done;
    }

    /** Writes the voxels to {@code out} in byte order {@code order}. */
    void encode(OutputStream out, ByteOrder order) throws IOException {
        byte[] chunk = new byte[CHUNK];
        ByteBuffer buf = ByteBuffer.wrap(chunk).order(order);
        int perChunk = CHUNK / type.bytes;
        for (int voxel = 0; voxel < length; voxel += perChunk) {
            int n = Math.min(perChunk, length - voxel);
            buf.clear();
            switch (type) {
                case UINT8: case INT8: System.arraycopy(array, voxel, chunk, 0, n); break;
                case INT16: case UINT16: buf.asShortBuffer().put((short[]) array, voxel, n); break;
                case INT32: case UINT32: buf.asIntBuffer().put((int[]) array, voxel, n); break;
                case FLOAT32: buf.asFloatBuffer().put((float[]) array, voxel, n); break;
                default: buf.asDoubleBuffer().put((double[]) array, voxel, n); break;
            }
            out.write(chunk, 0, n * type.bytes);
        }
    }
}
