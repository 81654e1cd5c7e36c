package org.samtune.io;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Reads volumes written by nibabel (src/test/python/nifti_reference.py), an independent NIfTI implementation:
 * every datatype in both byte orders, scaling, and a 4D volume with rotated qform, sform and an extension.
 */
class NiftiReaderSyntheticTest {

    @Test
    void readsEveryDatatypeLittleEndianUncompressed() throws IOException {
        for (NiftiDataType type : NiftiDataType.values()) {
            checkPattern(type, NiftiReader.read(synthetic(type, "_le.nii")));
        }
    }

    @Test
    void readsEveryDatatypeBigEndianGzipped() throws IOException {
        for (NiftiDataType type : NiftiDataType.values()) {
            checkPattern(type, NiftiReader.read(synthetic(type, "_be.nii.gz")));
        }
    }

    private static Path synthetic(NiftiDataType type, String suffix) {
        return NiftiTestData.resource("nifti/dt_" + NiftiTestData.pyName(type) + suffix);
    }

    private static void checkPattern(NiftiDataType type, NiftiImage img) {
        assertEquals(type, img.dataType());
        assertArrayEquals(NiftiTestData.SHAPE, img.dims());
        assertEquals(1, img.nt());
        assertFalse(img.hasScaling(), "nibabel writes NaN scl_slope for unscaled data");
        for (int k = 0; k < img.voxelCount(); k++) {
            // Exact: every pattern value is representable in its type
            assertEquals(NiftiTestData.value(type, k), img.get(k), 0.0, type + " voxel " + k);
        }
        // x fastest: voxel (x=1, y=2, z=1) is k = 1 + 4*(2 + 3*1) = 21
        assertEquals(NiftiTestData.value(type, 21), img.get(1, 2, 1), 0.0);
    }

    @Test
    void appliesSlopeAndInterceptOnRequest() throws IOException {
        NiftiImage raw = NiftiReader.read(NiftiTestData.resource("nifti/scaled_int16.nii"));
        assertEquals(NiftiDataType.INT16, raw.dataType());
        assertTrue(raw.hasScaling());
        assertEquals(0.5f, raw.sclSlope());
        assertEquals(-3f, raw.sclInter());
        assertEquals(-32768, raw.get(0), 0.0);
        // nibabel's get_fdata() gives these first values: [-16387.0, 16380.5, -15003.0, -13574.5]
        double[] nibabel = {-16387.0, 16380.5, -15003.0, -13574.5};
        for (int k = 0; k < 4; k++) {
            assertEquals(nibabel[k], raw.getScaled(k), 0.0);
        }
        float[] scaledFloats = raw.toFloatArray(true);
        float[] rawFloats = raw.toFloatArray(false);
        assertEquals(-16387.0f, scaledFloats[0]);
        assertEquals(-32768f, rawFloats[0]);

        NiftiImage scaled = NiftiReader.read(NiftiTestData.resource("nifti/scaled_int16.nii"), true);
        assertEquals(NiftiDataType.FLOAT32, scaled.dataType());
        assertFalse(scaled.hasScaling());
        for (int k = 0; k < scaled.voxelCount(); k++) {
            assertEquals(NiftiTestData.value(NiftiDataType.INT16, k) * 0.5 - 3, scaled.get(k), 0.0);
        }
    }

    @Test
    void readsGeometryOf4dVolumeWithExtension() throws IOException {
        NiftiImage img = NiftiReader.read(NiftiTestData.resource("nifti/geom_4d_ext.nii.gz"));
        assertArrayEquals(new int[] {3, 4, 5, 2}, img.dims());
        assertEquals(2, img.nt());
        assertEquals(NiftiDataType.FLOAT32, img.dataType());
        for (int k = 0; k < img.voxelCount(); k++) {
            assertEquals(k * 0.5, img.get(k), 0.0); // data behind a 48-byte extension (vox_offset 400)
        }
        // Header values printed by nibabel
        assertArrayEquals(new float[] {-1f, 0.5f, 0.75f, 2f, 1.5f, 1f, 1f, 1f}, img.pixdim());
        assertEquals(-1, img.qfac());
        assertArrayEquals(new double[] {0.5, 0.75, 2.0}, img.spacing(), 0.0);
        assertEquals(10, img.xyztUnits());
        assertEquals(1, img.qformCode());
        assertEquals(2, img.sformCode());
        assertArrayEquals(new float[] {0f, 0f, 0.258819043636322f}, img.quatern());
        assertArrayEquals(new float[] {-10f, 20.5f, 7.25f}, img.qoffset());
        assertEquals("SAM Tune geometry test", img.description());

        double[][] nibabelQform = {
            {0.43301270265117964, -0.37499999802816325, 0.0, -10.0},
            {0.24999999868544218, 0.6495190539767695, 0.0, 20.5},
            {0.0, 0.0, -2.0, 7.25},
            {0.0, 0.0, 0.0, 1.0}};
        double[][] nibabelSform = {{0.5, 0, 0, -9.0}, {0, 0.75, 0, 21.0}, {0, 0, 2.0, 6.5}, {0, 0, 0, 1}};
        double[][] q = img.qformMatrix();
        double[][] s = img.sformMatrix();
        double[][] a = img.affine();
        for (int i = 0; i < 4; i++) {
            // 1e-12: both sides compute in double from the same float32 header fields
            assertArrayEquals(nibabelQform[i], q[i], 1e-12, "qform row " + i);
            assertArrayEquals(nibabelSform[i], s[i], 0.0, "sform row " + i);
            assertArrayEquals(nibabelSform[i], a[i], 0.0, "affine prefers the sform, row " + i);
        }
    }
}
