package org.samtune.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import ij.ImagePlus;
import ij.Prefs;
import ij.io.FileInfo;
import ij.io.ImageReader;
import ij.plugin.DICOM;
import ij.util.DicomTools;

/**
 * One single-frame DICOM file read through ImageJ 1.x, headless-safe: the pixels are the stored values, read
 * again with {@link ImageReader} from the file offset ImageJ's decoder found, and the modality rescale
 * (RescaleSlope 0028,1053 / RescaleIntercept 0028,1052) is applied here, in double precision.
 *
 * <p>Why not take ImageJ's pixels: when RescaleSlope is not 1, {@code ij.plugin.DICOM} converts the image with
 * {@code IJ.run(imp, "32-bit", "")} and "Multiply...", which throws {@code HeadlessException} under
 * {@code java.awt.headless=true} and silently skips the slope with {@code headless=false} and no display. While
 * opening, {@link Prefs#ignoreRescaleSlope} is therefore set (and {@link Prefs#openDicomsAsFloat} cleared) so the
 * decoder never takes that path; both are restored afterwards, under a lock.
 */
final class DicomSlice {
    private static final Object PREFS_LOCK = new Object();

    final Path file;
    final int rows;
    final int columns;
    /** Stored values (signed or unsigned as the file says), row-major, before the rescale. */
    final double[] raw;
    final double slope;
    final double intercept;
    final String seriesUid;
    final Integer instanceNumber;
    final double[] position;    // ImagePositionPatient (x, y, z) or null
    final double[] orientation; // ImageOrientationPatient (row cosines, column cosines) or null
    final double[] pixelSpacing; // (between rows, between columns) or null
    final double sliceSpacing;  // SpacingBetweenSlices, else SliceThickness, else NaN

    private DicomSlice(Path file, ImagePlus imp, double[] raw) {
        this.file = file;
        this.rows = imp.getHeight();
        this.columns = imp.getWidth();
        this.raw = raw;
        this.slope = number(imp, "0028,1053", 1.0);
        this.intercept = number(imp, "0028,1052", 0.0);
        String uid = tag(imp, "0020,000E");
        this.seriesUid = uid == null ? "" : uid;
        double inst = number(imp, "0020,0013", Double.NaN);
        this.instanceNumber = Double.isNaN(inst) ? null : (int) inst;
        this.position = numbers(imp, "0020,0032", 3);
        this.orientation = numbers(imp, "0020,0037", 6);
        this.pixelSpacing = numbers(imp, "0028,0030", 2);
        double between = number(imp, "0018,0088", Double.NaN);
        this.sliceSpacing = Double.isNaN(between) ? number(imp, "0018,0050", Double.NaN) : Math.abs(between);
    }

    /** Value of pixel {@code i} after the modality rescale (HU for CT). */
    float value(int i) {
        return (float) (raw[i] * slope + intercept);
    }

    /**
     * Reads {@code file}, or returns null when ImageJ cannot make an image of it and it has no "DICM" marker
     * (not a DICOM file: skipped by the caller).
     *
     * @throws IOException for a DICOM file ImageJ cannot decode (compressed transfer syntax, multi-frame, colour)
     */
    static DicomSlice read(Path file) throws IOException {
        DICOM dcm = new DICOM();
        synchronized (PREFS_LOCK) {
            boolean asFloat = Prefs.openDicomsAsFloat;
            boolean ignoreSlope = Prefs.ignoreRescaleSlope;
            try {
                Prefs.openDicomsAsFloat = false;
                Prefs.ignoreRescaleSlope = true;
                dcm.open(file.toString());
            } catch (RuntimeException e) {
                throw new IOException(file + ": ImageJ could not read this DICOM file (" + e + ")", e);
            } finally {
                Prefs.openDicomsAsFloat = asFloat;
                Prefs.ignoreRescaleSlope = ignoreSlope;
            }
        }
        FileInfo fi = dcm.getOriginalFileInfo();
        if (dcm.getWidth() == 0 || fi == null) {
            if (!hasDicmMarker(file)) {
                return null;
            }
            String syntax = DicomTools.getTag(infoOnly(file), "0002,0010");
            throw new IOException(file + ": a DICOM file ImageJ cannot decode"
                    + (syntax == null ? "" : " (transfer syntax " + syntax.strip() + ")")
                    + "; compressed transfer syntaxes (JPEG, JPEG 2000, RLE) are not supported");
        }
        if (fi.nImages > 1) {
            throw new IOException(file + ": multi-frame DICOM (" + fi.nImages + " frames) is not supported; "
                    + "expected a folder of single-frame files");
        }
        return new DicomSlice(file, dcm, rawPixels(file, fi));
    }

    /** The stored pixel values, read with ImageJ's reader from the pixel data offset. */
    private static double[] rawPixels(Path file, FileInfo fi) throws IOException {
        Object px;
        try (InputStream in = Files.newInputStream(file)) {
            px = new ImageReader(fi).readPixels(in, fi.getOffset());
        }
        int n = fi.width * fi.height;
        double[] out = new double[n];
        if (px instanceof short[] s && s.length >= n) {
            // ImageReader stores signed 16-bit values shifted by +32768 into unsigned shorts
            int shift = fi.fileType == FileInfo.GRAY16_SIGNED ? 32768 : 0;
            for (int i = 0; i < n; i++) {
                out[i] = (s[i] & 0xFFFF) - shift;
            }
        } else if (px instanceof byte[] b && b.length >= n && fi.fileType == FileInfo.GRAY8) {
            for (int i = 0; i < n; i++) {
                out[i] = b[i] & 0xFF;
            }
        } else if (px instanceof float[] f && f.length >= n) {
            for (int i = 0; i < n; i++) {
                out[i] = f[i];
            }
        } else {
            throw new IOException(file + ": unsupported DICOM pixel type (ImageJ file type " + fi.fileType
                    + "; only grayscale 8/16/32-bit images are read)");
        }
        return out;
    }

    private static boolean hasDicmMarker(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(132);
            return head.length == 132 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M';
        }
    }

    private static ImagePlus infoOnly(Path file) {
        ImagePlus imp = new ImagePlus();
        String info = new DICOM().getInfo(file.toString());
        imp.setProperty("Info", info == null ? "" : info);
        return imp;
    }

    private static String tag(ImagePlus imp, String id) {
        String v = DicomTools.getTag(imp, id);
        if (v == null) {
            return null;
        }
        v = v.strip();
        return v.isEmpty() ? null : v;
    }

    private static double number(ImagePlus imp, String id, double fallback) {
        String v = tag(imp, id);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v.split("\\\\")[0].strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** A multi-valued (backslash-separated) numeric tag, or null when missing or malformed. */
    private static double[] numbers(ImagePlus imp, String id, int count) {
        String v = tag(imp, id);
        if (v == null) {
            return null;
        }
        String[] parts = v.split("\\\\");
        if (parts.length < count) {
            return null;
        }
        double[] out = new double[count];
        try {
            for (int i = 0; i < count; i++) {
                out[i] = Double.parseDouble(parts[i].strip());
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return out;
    }
}
