package org.samtune.fiji;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;
import org.samtune.engine.IntensityChoice;
import org.samtune.io.IntensityMapping;
import org.samtune.predict.RgbImage;

/**
 * imglib2 images to the model's 8-bit RGB input and masks back. imglib2's (x, y) order with x fastest
 * is the row-major plane the engine uses, so no transposition is needed.
 *
 * <p>A 2-D image is one gray plane; a 3-D image whose last dimension has size 3 is R, G, B. Array
 * images of unsigned 8/16-bit or float type are read from their storage array without a copy; any
 * other RandomAccessibleInterval is copied plane by plane into a float array.
 */
public final class ImgPlanes {
    private ImgPlanes() {}

    /** The model input; {@code scaler} null = {@code auto}: as-is for 8-bit unsigned data, else min-max. */
    public static RgbImage toRgb(RandomAccessibleInterval<? extends RealType<?>> img, IntensityMapping scaler) {
        int n = img.numDimensions();
        if (n == 2) {
            int w = size(img, 0);
            int h = size(img, 1);
            Object plane = storage(img);
            if (plane instanceof byte[]) {
                return (scaler != null ? scaler : IntensityMapping.auto()).forBitDepth(8).toRgb((byte[]) plane, w, h);
            }
            IntensityMapping s = (scaler != null ? scaler : IntensityMapping.auto()).forBitDepth(isUnsignedByte(img) ? 8 : 32);
            if (plane instanceof short[]) {
                return s.toRgb((short[]) plane, w, h);
            }
            if (plane instanceof float[]) {
                return s.toRgb((float[]) plane, w, h);
            }
            return s.toRgb(copy(img), w, h);
        }
        if (n == 3 && img.dimension(2) == 3) {
            // colour channels: values are taken as 0..255 (rounded, clamped), as for an RGB photo
            int w = size(img, 0);
            int h = size(img, 1);
            byte[] rgb = new byte[w * h * 3];
            for (int c = 0; c < 3; c++) {
                float[] ch = copy(Views.hyperSlice(img, 2, img.min(2) + c));
                RgbImage one = IntensityMapping.asIs().toRgb(ch, w, h);
                byte[] d = one.data();
                for (int i = 0; i < w * h; i++) {
                    rgb[3 * i + c] = d[3 * i];
                }
            }
            return new RgbImage(w, h, rgb);
        }
        throw new IllegalArgumentException("Expected a 2-D image (X, Y) or an RGB image (X, Y, 3), got dimensions "
                + java.util.Arrays.toString(Intervals.dimensionsAsLongArray(img)) + ": pick one plane (e.g. Views.hyperSlice)");
    }

    /**
     * The planes of an (X, Y, Z) image as row-major float arrays (plane z = {@code planes[z]}), for
     * {@link org.samtune.engine.VolumeSegmentJob#segmentStack}.
     */
    public static float[][] planes(RandomAccessibleInterval<? extends RealType<?>> img) {
        float[][] planes = new float[size(img, 2)][];
        for (int z = 0; z < planes.length; z++) {
            planes[z] = copy(Views.hyperSlice(img, 2, img.min(2) + z));
        }
        return planes;
    }

    /** The mapping for an (X, Y, Z) volume: unsigned 8-bit data as is with {@code auto} (as in 2-D), else the choice. */
    public static IntensityMapping volumeMapping(RandomAccessibleInterval<? extends RealType<?>> img,
                                                 IntensityChoice choice) {
        return isUnsignedByte(img) ? choice.mapping().forBitDepth(8) : choice.mapping();
    }

    /** Label planes (row-major, width x height each) as a 16-bit image: (X, Y) for one plane, else (X, Y, Z). */
    public static Img<UnsignedShortType> labels(int[][] planes, int width, int height) {
        int plane = width * height;
        short[] px = new short[plane * planes.length];
        for (int z = 0; z < planes.length; z++) {
            for (int i = 0; i < plane; i++) {
                px[z * plane + i] = (short) planes[z][i];
            }
        }
        return planes.length == 1 ? ArrayImgs.unsignedShorts(px, width, height)
                : ArrayImgs.unsignedShorts(px, width, height, planes.length);
    }

    /** Label planes as an 8-bit mask, 255 where the label is not 0: (X, Y) for one plane, else (X, Y, Z). */
    public static Img<UnsignedByteType> mask(int[][] planes, int width, int height) {
        int plane = width * height;
        byte[] px = new byte[plane * planes.length];
        for (int z = 0; z < planes.length; z++) {
            for (int i = 0; i < plane; i++) {
                px[z * plane + i] = planes[z][i] != 0 ? (byte) 255 : 0;
            }
        }
        return planes.length == 1 ? ArrayImgs.unsignedBytes(px, width, height)
                : ArrayImgs.unsignedBytes(px, width, height, planes.length);
    }

    /**
     * The backing array when {@code img} is an array image whose values are exactly that array's
     * unsigned bytes / unsigned shorts / floats; else null.
     */
    static Object storage(RandomAccessibleInterval<? extends RealType<?>> img) {
        if (!(img instanceof ArrayImg)) {
            return null;
        }
        Object type = ((ArrayImg<?, ?>) img).firstElement();
        Object access = ((ArrayImg<?, ?>) img).update(null);
        if (type instanceof UnsignedByteType && access instanceof ByteArray) {
            return ((ByteArray) access).getCurrentStorageArray();
        }
        if (type instanceof UnsignedShortType && access instanceof ShortArray) {
            return ((ShortArray) access).getCurrentStorageArray();
        }
        if (type instanceof FloatType && access instanceof FloatArray) {
            return ((FloatArray) access).getCurrentStorageArray();
        }
        return null;
    }

    private static boolean isUnsignedByte(RandomAccessibleInterval<? extends RealType<?>> img) {
        return img.getType() instanceof UnsignedByteType;
    }

    /** The plane's values in flat (x fastest) order. */
    static float[] copy(RandomAccessibleInterval<? extends RealType<?>> plane) {
        long count = Intervals.numElements(plane);
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Plane too large: " + count + " pixels");
        }
        float[] out = new float[(int) count];
        Cursor<? extends RealType<?>> c = Views.flatIterable(plane).cursor();
        for (int i = 0; c.hasNext(); i++) {
            out[i] = c.next().getRealFloat();
        }
        return out;
    }

    private static int size(RandomAccessibleInterval<?> img, int d) {
        long s = img.dimension(d);
        if (s < 1 || s > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Unsupported size " + s + " in dimension " + d);
        }
        return (int) s;
    }
}
