package org.samtune.io;

import ij.IJ;
import ij.ImagePlus;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens 2-D images as ImageJ images, for segmentation and display. Inside Fiji, Bio-Formats is used when
 * present (found by reflection, so there is no compile-time dependency); otherwise ImageJ 1.x's readers
 * (TIFF, PNG, JPEG, GIF, BMP, uncompressed DICOM). Training data is read with {@link PilImageReader}
 * instead, which reproduces the pixel values PIL gives finetune-SAM.
 */
public final class ImageFiles {
    private ImageFiles() {}

    public static ImagePlus open(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("Image file not found: " + file);
        }
        ImagePlus imp = null;
        try {
            imp = IJ.openImage(file.toString());
        } catch (RuntimeException e) {
            imp = null;
        }
        if (imp == null) {
            imp = openWithBioFormats(file);
        }
        if (imp == null) {
            throw new IllegalArgumentException("Cannot open " + file + " as an image (supported without Fiji: TIFF, PNG, JPEG, GIF, BMP, "
                    + "uncompressed DICOM; NIfTI volumes go through the volume commands)");
        }
        return imp;
    }

    private static ImagePlus openWithBioFormats(Path file) {
        try {
            Class<?> bf = Class.forName("loci.plugins.BF");
            Method m = bf.getMethod("openImagePlus", String.class);
            Object result = m.invoke(null, file.toString());
            if (result instanceof ImagePlus[] && ((ImagePlus[]) result).length > 0) {
                return ((ImagePlus[]) result)[0];
            }
        } catch (ClassNotFoundException e) {
            return null; // not inside Fiji
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
        return null;
    }
}
