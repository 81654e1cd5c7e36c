package org.samtune.io;

import java.nio.file.Path;
import java.nio.file.Paths;

/** The value pattern of src/test/python/nifti_reference.py's synthetic volumes, and where they live. */
final class NiftiTestData {
    private NiftiTestData() {}

    static final int[] SHAPE = {4, 3, 2};

    static Path resource(String relative) {
        return Paths.get("src/test/resources").resolve(relative);
    }

    /** Voxel k: 0 -> the type's lowest value, 1 -> its highest, k >= 2 -> base + (k - 2) * step. */
    static double value(NiftiDataType type, int k) {
        if (k == 0) {
            return type.min();
        }
        if (k == 1) {
            return type.max();
        }
        switch (type) {
            case UINT8: return 3 + (k - 2) * 11;
            case INT8: return -100 + (k - 2) * 9;
            case INT16: return -30000 + (k - 2) * 2857;
            case UINT16: return 100 + (k - 2) * 3100;
            case INT32: return -2000000000L + (k - 2) * 190000000L;
            case UINT32: return 7L + (k - 2) * 204000000L;
            case FLOAT32: return -10.25 + (k - 2) * 0.75;
            default: return -7.0 + (k - 2) * (1.0 / 3.0);
        }
    }

    /** The name the Python script gives the type ("uint8", "float32", ...). */
    static String pyName(NiftiDataType type) {
        return type.name().toLowerCase(java.util.Locale.ROOT);
    }
}
