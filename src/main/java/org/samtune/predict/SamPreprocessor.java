package org.samtune.predict;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import org.samtune.model.SamConfig;

/**
 * Turns a uint8 RGB image into the image encoder's input tensor (1, 3, S, S), float32 CHW.
 *
 * <p>Two pipelines exist in the reference code:
 * <ul>
 *   <li>SAM ({@link #prepare(RgbImage)}): {@link ResizeLongestSide} to S on the longest side, then
 *       {@code (v - pixel_mean) / pixel_std} per channel on 0..255 values, then zero padding on the
 *       right and bottom to S x S (padding after normalisation, so padded values are exactly 0);</li>
 *   <li>finetune-SAM ({@link #prepareFinetuneSam(RgbImage, int)}): {@code transforms.Resize((S, S))}
 *       (Pillow bilinear, aspect ratio NOT kept, no padding), {@code ToTensor} (v / 255) and ImageNet
 *       {@code Normalize}.</li>
 * </ul>
 * Arithmetic is float32 in the reference's operation order, so results match to the last bit or so.
 */
public final class SamPreprocessor {
    /** torchvision's ImageNet statistics, used by finetune-SAM on 0..1 values. */
    public static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
    public static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

    private final int imgSize;
    private final float[] pixelMean;
    private final float[] pixelStd;
    private final ResizeLongestSide transform;

    public SamPreprocessor(int imgSize, float[] pixelMean, float[] pixelStd) {
        if (pixelMean.length != 3 || pixelStd.length != 3) {
            throw new IllegalArgumentException("pixel mean/std need 3 values (RGB)");
        }
        this.imgSize = imgSize;
        this.pixelMean = pixelMean.clone();
        this.pixelStd = pixelStd.clone();
        this.transform = new ResizeLongestSide(imgSize);
    }

    public static SamPreprocessor of(SamConfig config) {
        return new SamPreprocessor(config.imgSize, config.pixelMean, config.pixelStd);
    }

    public int imgSize() {
        return imgSize;
    }

    public ResizeLongestSide transform() {
        return transform;
    }

    /** SAM's pipeline on an original image: resize longest side, normalise, pad. CHW floats, 3*S*S. */
    public float[] prepare(RgbImage original) {
        return normalizeAndPad(transform.applyImage(original));
    }

    /** {@link #prepare(RgbImage)} as an NDArray (1, 3, S, S) in {@code manager}. */
    public NDArray prepare(NDManager manager, RgbImage original) {
        return toTensor(manager, prepare(original), imgSize);
    }

    /**
     * Normalises an already resized image (at most S x S) and zero-pads it to S x S.
     *
     * @return CHW floats, length 3*S*S
     */
    public float[] normalizeAndPad(RgbImage resized) {
        int w = resized.width();
        int h = resized.height();
        if (w > imgSize || h > imgSize) {
            throw new IllegalArgumentException("Resized image " + w + "x" + h + " exceeds the input size " + imgSize);
        }
        int plane = imgSize * imgSize;
        float[] out = new float[3 * plane];
        byte[] px = resized.data();
        for (int c = 0; c < 3; c++) {
            float mean = pixelMean[c];
            float std = pixelStd[c];
            for (int y = 0; y < h; y++) {
                int o = c * plane + y * imgSize;
                int p = y * w * 3 + c;
                for (int x = 0; x < w; x++, p += 3) {
                    // float32 subtract then divide, as torch does with the float32 buffers
                    out[o + x] = ((px[p] & 0xFF) - mean) / std;
                }
            }
        }
        return out;
    }

    /**
     * finetune-SAM's no-prompt pipeline input: Pillow bilinear stretch to S x S, ToTensor, ImageNet
     * Normalize. CHW floats, length 3*S*S.
     */
    public static float[] prepareFinetuneSam(RgbImage original, int size) {
        float[] chw = toTensor(PilResize.bilinear(original, size, size));
        normalizeImageNet(chw);
        return chw;
    }

    /**
     * torchvision's {@code ToTensor} on a uint8 image: HWC bytes to CHW float32 {@code v / 255}.
     *
     * @return CHW floats, length 3*H*W
     */
    public static float[] toTensor(RgbImage image) {
        int plane = image.width() * image.height();
        float[] chw = new float[3 * plane];
        byte[] px = image.data();
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < plane; i++) {
                chw[c * plane + i] = (px[3 * i + c] & 0xFF) / 255f;
            }
        }
        return chw;
    }

    /**
     * torchvision's {@code Normalize(IMAGENET_MEAN, IMAGENET_STD)} in place on CHW floats (3 planes of equal
     * size): float32 subtract then divide, as torch does.
     */
    public static void normalizeImageNet(float[] chw) {
        if (chw.length % 3 != 0) {
            throw new IllegalArgumentException("CHW RGB data needs a multiple of 3 values, got " + chw.length);
        }
        int plane = chw.length / 3;
        for (int c = 0; c < 3; c++) {
            float mean = IMAGENET_MEAN[c];
            float std = IMAGENET_STD[c];
            for (int i = c * plane; i < (c + 1) * plane; i++) {
                chw[i] = (chw[i] - mean) / std;
            }
        }
    }

    /** {@link #prepareFinetuneSam(RgbImage, int)} as an NDArray (1, 3, S, S) in {@code manager}. */
    public static NDArray prepareFinetuneSam(NDManager manager, RgbImage original, int size) {
        return toTensor(manager, prepareFinetuneSam(original, size), size);
    }

    private static NDArray toTensor(NDManager manager, float[] chw, int size) {
        return manager.create(chw, new Shape(1, 3, size, size));
    }
}
