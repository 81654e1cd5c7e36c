package org.samtune.io;

import java.util.Arrays;

/**
 * One NIfTI-1 volume: its dimensions, voxel values in their stored type (x fastest), and the header fields
 * that place it in space, so a volume written back (or a label volume made with {@link #likeGeometry}) overlays
 * its source in other tools.
 *
 * <p>Kept header fields: dim, datatype, pixdim (pixdim[0] is qfac), scl_slope/scl_inter, cal_min/cal_max,
 * intent_code/intent_name, dim_info, xyzt_units, qform_code + quatern_b/c/d + qoffset_x/y/z,
 * sform_code + srow_x/y/z, descrip. Not kept (written as zero): intent_p1..3, slice timing fields, toffset,
 * aux_file and header extensions.
 *
 * <p>Axis order follows the file: axis 0 = i (x, fastest), 1 = j (y), 2 = k (z), 3 = t. Voxel values are the
 * stored ("raw") ones; {@link #getScaled(int)} and {@link #toFloatArray(boolean)} apply
 * {@code value * scl_slope + scl_inter} when the header asks for scaling (scl_slope not 0, NaN or infinite).
 */
public final class NiftiImage {
    /** xyzt_units: spatial unit millimetre. */
    public static final int UNITS_MM = 2;
    /** xyzt_units: time unit second. */
    public static final int UNITS_SEC = 8;
    /** qform/sform code: arbitrary coordinates (no meaning beyond this file). */
    public static final int XFORM_UNKNOWN = 0;
    /** qform/sform code: scanner-based anatomical coordinates. */
    public static final int XFORM_SCANNER_ANAT = 1;
    /** intent_code marking a volume of integer labels (NIFTI_INTENT_LABEL). */
    public static final int INTENT_LABEL = 1002;

    private final int[] dims;
    private final NiftiVoxels voxels;
    private final float[] pixdim = new float[8];
    private int dimInfo;
    private int xyztUnits = UNITS_MM | UNITS_SEC;
    private float sclSlope = 1f;
    private float sclInter = 0f;
    private float calMin;
    private float calMax;
    private int intentCode;
    private String intentName = "";
    private int qformCode;
    private final float[] quatern = new float[3]; // b, c, d
    private final float[] qoffset = new float[3]; // x, y, z
    private int sformCode;
    private final float[][] srow = new float[3][4];
    private String description = "";

    /** A zero-filled volume of {@code dims} (1 to 7 axes, x first) with unit spacing and no qform/sform. */
    public NiftiImage(int[] dims, NiftiDataType type) {
        this(dims, NiftiVoxels.allocate(type, checkedCount(dims)));
    }

    /** A volume of {@code dims} holding {@code voxels} (not copied) with unit spacing and no qform/sform. */
    public NiftiImage(int[] dims, NiftiVoxels voxels) {
        int count = checkedCount(dims);
        if (voxels.length() != count) {
            throw new IllegalArgumentException("Dims " + Arrays.toString(dims) + " hold " + count
                    + " voxels but " + voxels.length() + " were given");
        }
        this.dims = dims.clone();
        this.voxels = voxels;
        Arrays.fill(pixdim, 1f);
        for (int r = 0; r < 3; r++) {
            srow[r][r] = 1f;
        }
    }

    private static int checkedCount(int[] dims) {
        if (dims == null || dims.length < 1 || dims.length > 7) {
            throw new IllegalArgumentException("A NIfTI-1 volume has 1 to 7 dimensions, got "
                    + (dims == null ? "null" : Arrays.toString(dims)));
        }
        long n = 1;
        for (int d : dims) {
            if (d < 1) {
                throw new IllegalArgumentException("Dimensions must be >= 1: " + Arrays.toString(dims));
            }
            n *= d;
            if (n > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("Volume " + Arrays.toString(dims) + " has more than "
                        + (Integer.MAX_VALUE - 8) + " voxels, which one Java array cannot hold");
            }
        }
        return (int) n;
    }

    /**
     * A label volume with {@code source}'s spatial grid and geometry (first min(rank, 3) dims, pixdim, units,
     * dim_info, qform, sform), holding {@code labels} (x fastest, length = nx*ny*nz). Stored as uint8 when all
     * labels fit 0..255, else int16; intent_code is {@link #INTENT_LABEL}, cal_min/cal_max span the labels and
     * there is no intensity scaling.
     *
     * @throws IllegalArgumentException when the length does not match or a label does not fit int16
     */
    public static NiftiImage likeGeometry(NiftiImage source, int[] labels) {
        int lo = 0;
        int hi = 0;
        for (int v : labels) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        NiftiDataType type;
        if (lo >= 0 && hi <= 0xFF) {
            type = NiftiDataType.UINT8;
        } else if (lo >= Short.MIN_VALUE && hi <= Short.MAX_VALUE) {
            type = NiftiDataType.INT16;
        } else {
            throw new IllegalArgumentException("Labels span " + lo + ".." + hi + ", outside int16");
        }
        NiftiImage out = likeGeometry(source, type);
        if (labels.length != out.voxelCount()) {
            throw new IllegalArgumentException(labels.length + " labels for a " + Arrays.toString(out.dims)
                    + " grid of " + out.voxelCount() + " voxels");
        }
        for (int i = 0; i < labels.length; i++) {
            out.voxels.set(i, labels[i]);
        }
        out.calMin = lo;
        out.calMax = hi;
        return out;
    }

    /** A zero-filled volume of {@code type} with {@code source}'s spatial grid and geometry (see above). */
    public static NiftiImage likeGeometry(NiftiImage source, NiftiDataType type) {
        int spatial = Math.min(source.rank(), 3);
        NiftiImage out = new NiftiImage(Arrays.copyOf(source.dims, spatial), type);
        out.copyGeometry(source, spatial + 1);
        out.intentCode = INTENT_LABEL;
        out.description = "SAM Tune labels";
        return out;
    }

    /**
     * A copy whose voxels hold the scaled values (float32; float64 for float64, int32 and uint32 volumes, whose
     * values float32 would round), with scl_slope/scl_inter reset to 1/0 and every other header field kept.
     */
    public NiftiImage scaledCopy() {
        NiftiDataType t = dataType();
        boolean wide = t == NiftiDataType.FLOAT64 || t == NiftiDataType.INT32 || t == NiftiDataType.UINT32;
        NiftiImage out = new NiftiImage(dims, wide ? NiftiDataType.FLOAT64 : NiftiDataType.FLOAT32);
        for (int i = 0; i < voxelCount(); i++) {
            out.voxels.set(i, getScaled(i));
        }
        out.copyGeometry(this, 8);
        out.calMin = calMin;
        out.calMax = calMax;
        out.intentCode = intentCode;
        out.intentName = intentName;
        out.description = description;
        return out;
    }

    /** Copies pixdim[0..pixdimEntries-1], dim_info, units, qform and sform from {@code source}. */
    private void copyGeometry(NiftiImage source, int pixdimEntries) {
        System.arraycopy(source.pixdim, 0, pixdim, 0, pixdimEntries);
        dimInfo = source.dimInfo;
        xyztUnits = source.xyztUnits;
        qformCode = source.qformCode;
        System.arraycopy(source.quatern, 0, quatern, 0, 3);
        System.arraycopy(source.qoffset, 0, qoffset, 0, 3);
        sformCode = source.sformCode;
        for (int r = 0; r < 3; r++) {
            System.arraycopy(source.srow[r], 0, srow[r], 0, 4);
        }
    }

    // ---- grid

    public int rank() {
        return dims.length;
    }

    /** The dimensions, x first (a copy). */
    public int[] dims() {
        return dims.clone();
    }

    /** Size along {@code axis}; 1 for axes beyond the rank. */
    public int dim(int axis) {
        return axis < dims.length ? dims[axis] : 1;
    }

    public int nx() {
        return dim(0);
    }

    public int ny() {
        return dim(1);
    }

    public int nz() {
        return dim(2);
    }

    public int nt() {
        return dim(3);
    }

    public int voxelCount() {
        return voxels.length();
    }

    /** Flat index of voxel (x, y, z, t): x + nx*(y + ny*(z + nz*t)). */
    public int index(int x, int y, int z, int t) {
        return x + nx() * (y + ny() * (z + nz() * t));
    }

    public int index(int x, int y, int z) {
        return index(x, y, z, 0);
    }

    // ---- values

    public NiftiDataType dataType() {
        return voxels.type();
    }

    /** The stored voxels (not a copy). */
    public NiftiVoxels voxels() {
        return voxels;
    }

    /** Stored (unscaled) value at flat index {@code i}. */
    public double get(int i) {
        return voxels.get(i);
    }

    /** Stored (unscaled) value at (x, y, z) of the first volume. */
    public double get(int x, int y, int z) {
        return voxels.get(index(x, y, z));
    }

    public void set(int i, double value) {
        voxels.set(i, value);
    }

    /** True when scl_slope is a usable factor (not 0, NaN or infinite) and (slope, inter) is not (1, 0). */
    public boolean hasScaling() {
        return usableSlope() && (sclSlope != 1f || effectiveInter() != 0f);
    }

    private boolean usableSlope() {
        return sclSlope != 0f && Float.isFinite(sclSlope);
    }

    /** scl_inter as applied: NaN or infinite (with a usable slope) counts as 0, as other readers tolerate. */
    private float effectiveInter() {
        return Float.isFinite(sclInter) ? sclInter : 0f;
    }

    /** Value at {@code i} with scl_slope/scl_inter applied when the header asks for scaling. */
    public double getScaled(int i) {
        double v = voxels.get(i);
        return hasScaling() ? v * sclSlope + effectiveInter() : v;
    }

    /** All values as float32, x fastest; scaled when {@code applyScaling} and the header asks for it. */
    public float[] toFloatArray(boolean applyScaling) {
        float[] out = new float[voxels.length()];
        boolean scale = applyScaling && hasScaling();
        double slope = sclSlope;
        double inter = effectiveInter();
        for (int i = 0; i < out.length; i++) {
            double v = voxels.get(i);
            out[i] = (float) (scale ? v * slope + inter : v);
        }
        return out;
    }

    /**
     * All values (scaled when the header asks for it) as integer labels. Accepts float volumes whose values
     * are whole numbers (some label files are stored as float32 0.0/1.0/2.0).
     *
     * @throws IllegalArgumentException at the first value that is not a whole number in int range
     */
    public int[] toLabelArray() {
        int[] out = new int[voxels.length()];
        for (int i = 0; i < out.length; i++) {
            double v = getScaled(i);
            if (v != Math.rint(v) || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("Voxel " + i + " holds " + v + ", not an integer label");
            }
            out[i] = (int) v;
        }
        return out;
    }

    public float sclSlope() {
        return sclSlope;
    }

    public float sclInter() {
        return sclInter;
    }

    /** Sets scl_slope/scl_inter (slope 0 means "no scaling" per the NIfTI-1 standard). */
    public void setScaling(float slope, float inter) {
        this.sclSlope = slope;
        this.sclInter = inter;
    }

    public float calMin() {
        return calMin;
    }

    public float calMax() {
        return calMax;
    }

    public void setCalRange(float min, float max) {
        this.calMin = min;
        this.calMax = max;
    }

    public int intentCode() {
        return intentCode;
    }

    public String intentName() {
        return intentName;
    }

    public void setIntent(int code, String name) {
        this.intentCode = code;
        this.intentName = name == null ? "" : name;
    }

    public String description() {
        return description;
    }

    /** Sets descrip; the writer keeps its first 79 bytes (non-ASCII characters become '?'). */
    public void setDescription(String description) {
        this.description = description == null ? "" : description;
    }

    // ---- geometry

    /** pixdim[0..7] (a copy): pixdim[0] = qfac (+-1), pixdim[1..3] = voxel size, pixdim[4] = time step. */
    public float[] pixdim() {
        return pixdim.clone();
    }

    public void setPixdim(float[] values) {
        if (values.length != 8) {
            throw new IllegalArgumentException("pixdim has 8 entries, got " + values.length);
        }
        System.arraycopy(values, 0, pixdim, 0, 8);
    }

    /**
     * Voxel size along the spatial axes, |pixdim[1..n]| for n = min(rank, 3), in the unit of xyzt_units
     * (usually mm). Values are as stored: callers needing positive spacing must check for 0.
     */
    public double[] spacing() {
        int n = Math.min(rank(), 3);
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = Math.abs(pixdim[i + 1]);
        }
        return s;
    }

    /** Sets pixdim[1..] to {@code spacing} (x first). */
    public void setSpacing(double... spacing) {
        if (spacing.length > 7) {
            throw new IllegalArgumentException("At most 7 spacings, got " + spacing.length);
        }
        for (int i = 0; i < spacing.length; i++) {
            pixdim[i + 1] = (float) spacing[i];
        }
    }

    /** qfac: -1 when pixdim[0] is negative, else +1 (the standard reads 0 as +1). */
    public int qfac() {
        return pixdim[0] < 0 ? -1 : 1;
    }

    public int dimInfo() {
        return dimInfo;
    }

    public void setDimInfo(int dimInfo) {
        this.dimInfo = dimInfo & 0xFF;
    }

    /** xyzt_units: spatial unit in bits 0-2 (2 = mm), time unit in bits 3-5 (8 = s). */
    public int xyztUnits() {
        return xyztUnits;
    }

    public void setXyztUnits(int units) {
        this.xyztUnits = units & 0xFF;
    }

    public int qformCode() {
        return qformCode;
    }

    /** quatern_b, quatern_c, quatern_d (a copy). */
    public float[] quatern() {
        return quatern.clone();
    }

    /** qoffset_x, qoffset_y, qoffset_z (a copy). */
    public float[] qoffset() {
        return qoffset.clone();
    }

    public void setQform(int code, float b, float c, float d, float offsetX, float offsetY, float offsetZ) {
        qformCode = code;
        quatern[0] = b;
        quatern[1] = c;
        quatern[2] = d;
        qoffset[0] = offsetX;
        qoffset[1] = offsetY;
        qoffset[2] = offsetZ;
    }

    public int sformCode() {
        return sformCode;
    }

    /** srow_x (row 0), srow_y (1) or srow_z (2), a copy of 4 values. */
    public float[] srow(int row) {
        return srow[row].clone();
    }

    public void setSform(int code, float[] rowX, float[] rowY, float[] rowZ) {
        float[][] rows = {rowX, rowY, rowZ};
        for (int r = 0; r < 3; r++) {
            if (rows[r].length != 4) {
                throw new IllegalArgumentException("srow rows have 4 values");
            }
        }
        sformCode = code;
        for (int r = 0; r < 3; r++) {
            System.arraycopy(rows[r], 0, srow[r], 0, 4);
        }
    }

    /**
     * The 4x4 voxel-to-world matrix of the qform (NIfTI-1 "method 2"), whatever qform_code says: rotation from
     * the unit quaternion (b, c, d; a = sqrt(1 - b^2 - c^2 - d^2)), times diag(pixdim[1], pixdim[2],
     * qfac * pixdim[3]), plus qoffset. Non-positive voxel sizes count as 1, as in the reference nifti1_io.
     */
    public double[][] qformMatrix() {
        double b = quatern[0];
        double c = quatern[1];
        double d = quatern[2];
        double a = 1.0 - (b * b + c * c + d * d);
        if (a < 1e-7) { // not a unit quaternion: normalise (b, c, d) and take a 180 degree rotation
            double norm = 1.0 / Math.sqrt(b * b + c * c + d * d);
            b *= norm;
            c *= norm;
            d *= norm;
            a = 0.0;
        } else {
            a = Math.sqrt(a);
        }
        double dx = pixdim[1] > 0 ? pixdim[1] : 1.0;
        double dy = pixdim[2] > 0 ? pixdim[2] : 1.0;
        double dz = (pixdim[3] > 0 ? pixdim[3] : 1.0) * qfac();
        double[][] r = {
            {a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)},
            {2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b)},
            {2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b},
        };
        double[] scale = {dx, dy, dz};
        double[][] m = new double[4][4];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                m[i][j] = r[i][j] * scale[j];
            }
            m[i][3] = qoffset[i];
        }
        m[3][3] = 1.0;
        return m;
    }

    /** The 4x4 voxel-to-world matrix of the sform rows (NIfTI-1 "method 3"), whatever sform_code says. */
    public double[][] sformMatrix() {
        double[][] m = new double[4][4];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 4; j++) {
                m[i][j] = srow[i][j];
            }
        }
        m[3][3] = 1.0;
        return m;
    }

    /**
     * The voxel-to-world matrix other tools would use: the sform when sform_code &gt; 0, else the qform when
     * qform_code &gt; 0, else diag(pixdim[1..3]) (NIfTI-1 "method 1"). Same preference order as nibabel.
     */
    public double[][] affine() {
        if (sformCode > 0) {
            return sformMatrix();
        }
        if (qformCode > 0) {
            return qformMatrix();
        }
        double[][] m = new double[4][4];
        for (int i = 0; i < 3; i++) {
            m[i][i] = pixdim[i + 1];
        }
        m[3][3] = 1.0;
        return m;
    }

    @Override
    public String toString() {
        return "NiftiImage" + Arrays.toString(dims) + " " + dataType() + " spacing " + Arrays.toString(spacing());
    }
}
