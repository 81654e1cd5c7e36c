package org.samtune.io;

/**
 * The NIfTI-1 voxel datatypes this package reads and writes, with their header {@code datatype} codes.
 *
 * <p>Unsigned types are held in Java's signed primitive of the same width (uint8 in a {@code byte},
 * uint16 in a {@code short}, uint32 in an {@code int}) and reinterpreted as unsigned by
 * {@link NiftiVoxels#get(int)}, so a volume costs the same memory as on disk.
 */
public enum NiftiDataType {
    UINT8(2, 1, true),
    INT16(4, 2, true),
    INT32(8, 4, true),
    FLOAT32(16, 4, false),
    FLOAT64(64, 8, false),
    INT8(256, 1, true),
    UINT16(512, 2, true),
    UINT32(768, 4, true);

    /** Value of the header's {@code datatype} field. */
    public final int code;
    /** Bytes per voxel (the header's {@code bitpix} / 8). */
    public final int bytes;
    /** True for the integer types (values stored exactly, written by rounding). */
    public final boolean integer;

    NiftiDataType(int code, int bytes, boolean integer) {
        this.code = code;
        this.bytes = bytes;
        this.integer = integer;
    }

    public int bitpix() {
        return bytes * 8;
    }

    /** Smallest value the type can hold. */
    public double min() {
        switch (this) {
            case UINT8: case UINT16: case UINT32: return 0;
            case INT8: return Byte.MIN_VALUE;
            case INT16: return Short.MIN_VALUE;
            case INT32: return Integer.MIN_VALUE;
            case FLOAT32: return -Float.MAX_VALUE;
            default: return -Double.MAX_VALUE;
        }
    }

    /** Largest value the type can hold. */
    public double max() {
        switch (this) {
            case UINT8: return 0xFF;
            case UINT16: return 0xFFFF;
            case UINT32: return 0xFFFFFFFFL;
            case INT8: return Byte.MAX_VALUE;
            case INT16: return Short.MAX_VALUE;
            case INT32: return Integer.MAX_VALUE;
            case FLOAT32: return Float.MAX_VALUE;
            default: return Double.MAX_VALUE;
        }
    }

    /** The type with this header code, or null when the code is not one this package supports. */
    public static NiftiDataType fromCode(int code) {
        for (NiftiDataType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
