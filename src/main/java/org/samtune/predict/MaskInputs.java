package org.samtune.predict;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ij.ImagePlus;
import ij.process.ImageProcessor;
import org.samtune.io.ImageFiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads a low-res mask prompt: a {@code .npy} of logits shaped exactly like SAM's {@code mask_input}
 * (1×1×S×S, S = 4 × the embedding size: 256 for 1024² models), or an image taken as a binary mask
 * (non-zero = object), resized nearest-neighbour to S×S and turned into logits ±{@link #IMAGE_LOGIT}.
 */
public final class MaskInputs {
    /** Logit given to object / background pixels of a mask image (sigmoid(10) ≈ 0.99995). */
    public static final float IMAGE_LOGIT = 10f;

    private MaskInputs() {}

    public static float[] read(Path file, int side) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".npy")) {
            return readNpy(file, side);
        }
        ImagePlus imp = ImageFiles.open(file);
        if (imp.getStackSize() > 1) {
            throw new IllegalArgumentException("Mask input " + file + " is a stack; give a single plane");
        }
        ImageProcessor ip = imp.getProcessor();
        int w = ip.getWidth();
        int h = ip.getHeight();
        float[] out = new float[side * side];
        for (int y = 0; y < side; y++) {
            int sy = Math.min(h - 1, (int) Math.floor((y + 0.5) * h / side));
            for (int x = 0; x < side; x++) {
                int sx = Math.min(w - 1, (int) Math.floor((x + 0.5) * w / side));
                out[y * side + x] = ip.getPixelValue(sx, sy) != 0 ? IMAGE_LOGIT : -IMAGE_LOGIT;
            }
        }
        return out;
    }

    private static float[] readNpy(Path file, int side) {
        try (NDManager m = NDManager.newBaseManager(Device.cpu()); InputStream in = Files.newInputStream(file)) {
            NDList list = NDList.decode(m, in);
            NDArray a = list.singletonOrThrow();
            long[] shape = a.getShape().getShape();
            long n = a.getShape().size();
            if (n != (long) side * side || shape.length < 2 || shape[shape.length - 1] != side || shape[shape.length - 2] != side) {
                throw new IllegalArgumentException("Mask input " + file + " has shape " + Arrays.toString(shape)
                        + "; this model needs 1x1x" + side + "x" + side + " low-res logits");
            }
            return a.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException && e.getMessage() != null && e.getMessage().startsWith("Mask input")) {
                throw (IllegalArgumentException) e;
            }
            throw new IllegalArgumentException("Cannot read mask input " + file + " as a .npy array: " + e.getMessage(), e);
        }
    }
}
