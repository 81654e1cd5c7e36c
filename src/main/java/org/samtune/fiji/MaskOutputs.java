package org.samtune.fiji;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.measure.Calibration;
import ij.plugin.filter.ThresholdToSelection;
import ij.plugin.frame.RoiManager;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import org.samtune.predict.Prediction;

import ij.io.TiffEncoder;
import org.samtune.checkpoint.AtomicFiles;

import javax.imageio.ImageIO;
import java.awt.AWTError;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.awt.HeadlessException;
import java.util.ArrayList;
import java.util.List;

/**
 * Predictions as ImageJ outputs: a binary mask, a label image or selections. The mask of an object
 * is its best mask by predicted IoU (with single-mask output that is the only one), exactly
 * {@link Prediction#mask}/{@link Prediction#labelImage}, so Fiji shows what the engine computed.
 * Several predictions (one per slice) give a stack.
 */
public final class MaskOutputs {
    private MaskOutputs() {}

    /** True where any object's best mask is on, row-major. */
    public static boolean[] union(Prediction p) {
        boolean[] out = new boolean[p.width * p.height];
        for (int b = 0; b < p.objects; b++) {
            boolean[] m = p.mask(b, p.bestMask(b));
            for (int i = 0; i < out.length; i++) {
                out[i] |= m[i];
            }
        }
        return out;
    }

    /** 8-bit, 255 inside any object, 0 outside; one slice per prediction. */
    public static ImagePlus binaryMask(List<Prediction> perSlice, String title) {
        List<int[]> planes = new ArrayList<>();
        for (Prediction p : perSlice) {
            boolean[] m = union(p);
            int[] plane = new int[m.length];
            for (int i = 0; i < m.length; i++) {
                plane[i] = m[i] ? 1 : 0;
            }
            planes.add(plane);
        }
        Prediction first = perSlice.get(0);
        return binaryStack(planes, first.width, first.height, title);
    }

    /** Objects 1..N (8-bit when N < 256, else 16-bit), 0 = background; one slice per prediction. */
    public static ImagePlus labelImage(List<Prediction> perSlice, String title) {
        int max = 0;
        List<int[]> planes = new ArrayList<>();
        for (Prediction p : perSlice) {
            max = Math.max(max, p.objects);
            planes.add(p.labelImage());
        }
        Prediction first = perSlice.get(0);
        return labelStack(planes, first.width, first.height, max, title);
    }

    /** 8-bit, 255 where a label plane (row-major, width x height) is not 0; one slice per plane. */
    public static ImagePlus binaryStack(List<int[]> labelPlanes, int width, int height, String title) {
        ImageStack stack = new ImageStack(width, height);
        for (int[] labels : labelPlanes) {
            byte[] px = new byte[labels.length];
            for (int i = 0; i < px.length; i++) {
                px[i] = labels[i] != 0 ? (byte) 255 : 0;
            }
            stack.addSlice(new ByteProcessor(width, height, px));
        }
        ImagePlus imp = new ImagePlus(title, stack);
        imp.setDisplayRange(0, 255);
        return imp;
    }

    /** Label planes (row-major, width x height, labels 0..maxLabel) as a stack: 8-bit below 256 labels, else 16-bit. */
    public static ImagePlus labelStack(List<int[]> labelPlanes, int width, int height, int maxLabel, String title) {
        ImageStack stack = new ImageStack(width, height);
        for (int[] labels : labelPlanes) {
            ImageProcessor ip;
            if (maxLabel < 256) {
                byte[] px = new byte[labels.length];
                for (int i = 0; i < px.length; i++) {
                    px[i] = (byte) labels[i];
                }
                ip = new ByteProcessor(width, height, px);
            } else {
                short[] px = new short[labels.length];
                for (int i = 0; i < px.length; i++) {
                    px[i] = (short) labels[i];
                }
                ip = new ShortProcessor(width, height, px, null);
            }
            stack.addSlice(ip);
        }
        ImagePlus imp = new ImagePlus(title, stack);
        imp.setDisplayRange(0, Math.max(1, maxLabel));
        return imp;
    }

    /**
     * The selection of object {@code object}'s mask (row-major; may be null), named "SAM object k (slice s)" and
     * placed on stack index {@code position} (1-based); null for a missing or empty mask.
     */
    public static Roi objectRoi(boolean[] mask, int width, int height, int object, int position) {
        return mask == null ? null : named(outline(mask, width, height), object, position);
    }

    private static Roi named(Roi roi, int object, int position) {
        if (roi == null) {
            return null;
        }
        roi.setName(position > 0 ? String.format("SAM object %d (slice %d)", object, position) : "SAM object " + object);
        if (position > 0) {
            roi.setPosition(position);
        }
        return roi;
    }

    /** Gives {@code mask} (may be null) the spatial calibration of {@code source}, not its value calibration
     *  (a CT image's HU do not apply to a mask). */
    public static void calibrateLike(ImagePlus mask, ImagePlus source) {
        if (mask != null) {
            Calibration cal = source.getCalibration().copy();
            cal.disableDensityCalibration();
            mask.setCalibration(cal);
        }
    }

    /**
     * One selection per object (traced from its mask with ImageJ's Create Selection), named
     * "SAM object i" and placed on {@code position} (a stack index, 0 = all slices). Objects with an
     * empty mask give no selection.
     */
    public static List<Roi> rois(Prediction p, int position) {
        List<Roi> out = new ArrayList<>();
        for (int b = 0; b < p.objects; b++) {
            Roi roi = objectRoi(p.mask(b, p.bestMask(b)), p.width, p.height, b + 1, position);
            if (roi != null) {
                out.add(roi);
            }
        }
        return out;
    }

    /**
     * The selection of a mask (row-major, {@code width * height}), traced along pixel edges with
     * ImageJ's Create Selection, so its {@code contains} is exactly the mask; null for an empty mask.
     */
    public static Roi outline(boolean[] mask, int width, int height) {
        byte[] px = new byte[mask.length];
        boolean any = false;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i]) {
                px[i] = (byte) 255;
                any = true;
            }
        }
        if (!any) {
            return null;
        }
        ByteProcessor bp = new ByteProcessor(width, height, px);
        bp.setThreshold(255, 255, ImageProcessor.NO_LUT_UPDATE);
        return new ThresholdToSelection().convert(bp);
    }

    /**
     * Writes a mask or label image atomically: PNG (8/16-bit gray, single plane) or TIFF (any stack).
     * The PNG is built from the raster alone, so it works where ImageJ's own PNG writer needs a
     * display (java.awt.headless=false without an X server).
     */
    public static void save(ImagePlus imp, Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".tif") || name.endsWith(".tiff")) {
            ij.io.FileInfo fi = imp.getFileInfo();
            if (imp.getStackSize() > 1) {
                fi.nImages = imp.getStackSize();
                fi.pixels = imp.getStack().getImageArray();
            }
            AtomicFiles.write(file, out -> new TiffEncoder(fi).write(out));
            return;
        }
        if (!name.endsWith(".png")) {
            throw new IllegalArgumentException("Output " + file + ": use a .png, .tif or .tiff file name");
        }
        if (imp.getStackSize() > 1) {
            throw new IllegalArgumentException("A stack of " + imp.getStackSize() + " masks needs a .tif file, not " + file);
        }
        ImageProcessor ip = imp.getProcessor();
        BufferedImage img;
        if (ip instanceof ByteProcessor) {
            img = new BufferedImage(ip.getWidth(), ip.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
            img.getRaster().setDataElements(0, 0, ip.getWidth(), ip.getHeight(), ip.getPixels());
        } else if (ip instanceof ShortProcessor) {
            img = new BufferedImage(ip.getWidth(), ip.getHeight(), BufferedImage.TYPE_USHORT_GRAY);
            img.getRaster().setDataElements(0, 0, ip.getWidth(), ip.getHeight(), ip.getPixels());
        } else {
            throw new IllegalArgumentException("Only 8- and 16-bit masks are written as PNG");
        }
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(img, "png", out)) {
                throw new IOException("No PNG writer available");
            }
        });
    }

    /**
     * Adds selections to the ROI Manager (opened if needed). Without a display there is no ROI
     * Manager (it is a window), so they go to the image's overlay instead.
     *
     * @return "ROI Manager" or "overlay", where they went
     */
    public static String addToRoiManager(List<Roi> rois, ImagePlus imp) {
        try {
            RoiManager rm = RoiManager.getRoiManager();
            for (Roi r : rois) {
                rm.add(imp, (Roi) r.clone(), -1);
            }
            return "ROI Manager";
        } catch (HeadlessException | AWTError e) {
            Overlay overlay = imp.getOverlay() != null ? imp.getOverlay() : new Overlay();
            for (Roi r : rois) {
                overlay.add((Roi) r.clone());
            }
            imp.setOverlay(overlay);
            return "overlay";
        }
    }
}
