package org.samtune.io;

/** Byte offsets of the NIfTI-1 header fields this package uses (nifti1.h, 348-byte header). */
final class NiftiHeaderLayout {
    private NiftiHeaderLayout() {}

    static final int SIZEOF_HDR = 0;      // int, always 348
    static final int REGULAR = 38;        // char, 'r' by convention
    static final int DIM_INFO = 39;       // char
    static final int DIM = 40;            // short[8]: dim[0] = rank, dim[1..7] sizes
    static final int INTENT_CODE = 68;    // short
    static final int DATATYPE = 70;       // short
    static final int BITPIX = 72;         // short
    static final int PIXDIM = 76;         // float[8]
    static final int VOX_OFFSET = 108;    // float
    static final int SCL_SLOPE = 112;     // float
    static final int SCL_INTER = 116;     // float
    static final int XYZT_UNITS = 123;    // char
    static final int CAL_MAX = 124;       // float
    static final int CAL_MIN = 128;       // float
    static final int DESCRIP = 148;       // char[80]
    static final int QFORM_CODE = 252;    // short
    static final int SFORM_CODE = 254;    // short
    static final int QUATERN_B = 256;     // float x 6: quatern_b/c/d, qoffset_x/y/z
    static final int SROW_X = 280;        // float[4] x 3: srow_x, srow_y, srow_z
    static final int INTENT_NAME = 328;   // char[16]
    static final int MAGIC = 344;         // char[4]: "n+1\0" single file, "ni1\0" .hdr/.img pair

    static final int HEADER_BYTES = 348;
    static final int DESCRIP_BYTES = 80;
    static final int INTENT_NAME_BYTES = 16;
    /** Header plus the 4-byte extension flag: where voxels start in a single file without extensions. */
    static final int MIN_VOX_OFFSET = 352;
    /** sizeof_hdr of NIfTI-2, recognised only to say it is not supported. */
    static final int NIFTI2_HEADER_BYTES = 540;
}
