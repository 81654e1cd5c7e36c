package org.samtune.checkpoint;

import ai.djl.ndarray.types.DataType;

/** Element types a checkpoint tensor can have, with their PyTorch storage and safetensors names. */
public enum TensorType {
    FLOAT32(4, "FloatStorage", "F32", DataType.FLOAT32),
    FLOAT64(8, "DoubleStorage", "F64", DataType.FLOAT64),
    FLOAT16(2, "HalfStorage", "F16", DataType.FLOAT16),
    BFLOAT16(2, "BFloat16Storage", "BF16", DataType.BFLOAT16),
    INT64(8, "LongStorage", "I64", DataType.INT64),
    INT32(4, "IntStorage", "I32", DataType.INT32),
    INT16(2, "ShortStorage", "I16", DataType.INT16),
    INT8(1, "CharStorage", "I8", DataType.INT8),
    UINT8(1, "ByteStorage", "U8", DataType.UINT8),
    BOOL(1, "BoolStorage", "BOOL", DataType.BOOLEAN);

    public final int bytes;
    public final String torchStorage;
    public final String safetensorsName;
    public final DataType djlType;

    TensorType(int bytes, String torchStorage, String safetensorsName, DataType djlType) {
        this.bytes = bytes;
        this.torchStorage = torchStorage;
        this.safetensorsName = safetensorsName;
        this.djlType = djlType;
    }

    public boolean isFloating() {
        return this == FLOAT32 || this == FLOAT64 || this == FLOAT16 || this == BFLOAT16;
    }

    public static TensorType fromTorchStorage(String name) {
        for (TensorType t : values()) {
            if (t.torchStorage.equals(name)) {
                return t;
            }
        }
        return null;
    }

    public static TensorType fromSafetensors(String name) {
        for (TensorType t : values()) {
            if (t.safetensorsName.equals(name)) {
                return t;
            }
        }
        return null;
    }

    public static TensorType fromDjl(DataType type) {
        for (TensorType t : values()) {
            if (t.djlType == type) {
                return t;
            }
        }
        throw new IllegalArgumentException("No checkpoint element type for " + type);
    }
}
