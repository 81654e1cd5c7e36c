package org.samtune.engine;

import org.samtune.io.DicomSeries;
import org.samtune.io.IntensityMapping;
import org.samtune.io.LabelVolume;
import org.samtune.io.NiftiImage;
import org.samtune.io.NiftiReader;
import org.samtune.io.NiftiVoxels;
import org.samtune.io.SliceAxis;
import org.samtune.io.VolumeSlicer;
import org.samtune.predict.Prediction;
import org.samtune.predict.Prompt;
import org.samtune.predict.RgbImage;
import org.samtune.predict.SamPredictor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Slice-by-slice segmentation of a volume (NIfTI file or DICOM series folder) along one {@link SliceAxis}: the
 * user prompts one slice; each prompt (one box, optionally with points, or points alone) is one object with its
 * own label 1..N. Without propagation only that slice is segmented; with it, each object's mask seeds its
 * neighbours in both directions through {@link VolumePropagation} (box of the previous slice's mask, stopping
 * where the mask vanishes). Each slice's embedding is computed once and shared by every object and direction.
 *
 * <p>Slices follow {@link VolumeSlicer}: prompt x is the column index along {@link SliceAxis#colAxis()}, y the row
 * index along {@link SliceAxis#rowAxis()} (for z: x = j, y = i). Intensities are mapped with the chosen
 * {@link IntensityMapping} bound to the whole volume ({@link IntensityMapping#forVolume}). Where objects overlap the
 * higher label wins. The label volume keeps the source image's grid, spacing and orientation.
 */
public final class VolumeSegmentJob {
    private VolumeSegmentJob() {}

    /** What a volume segmentation computed. */
    public record Result(LabelVolume labels, List<VolumePropagation.Result> objects, int encoderRuns,
                         SliceAxis axis) {
        /** The labels of slice {@code s} along the axis, row-major (for stacks: plane s, as given). */
        public int[] labelPlane(int s) {
            return labels.slice(s);
        }

        /** The highest label. */
        public int maxLabel() {
            return objects.size();
        }

        /** One line per object: the slices it covers. */
        public String summary() {
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < objects.size(); k++) {
                VolumePropagation.Result r = objects.get(k);
                if (r.segmentedSlices() == 0) {
                    sb.append(String.format(Locale.ROOT, "object %d: empty mask on %s=%d%n", k + 1, axis.label(),
                            r.start()));
                } else {
                    sb.append(String.format(Locale.ROOT, "object %d: label %d on %s=%d..%d (%d slices, prompted on %d)%n",
                            k + 1, k + 1, axis.label(), r.first(), r.last(), r.segmentedSlices(), r.start()));
                }
            }
            sb.append(String.format(Locale.ROOT, "%d slice embedding(s) computed", encoderRuns));
            return sb.toString();
        }
    }

    /** True for what {@link #readVolume} reads: a .nii/.nii.gz file or a folder (DICOM series). */
    public static boolean isVolume(Path image) {
        String name = image.getFileName() == null ? "" : image.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isDirectory(image) || name.endsWith(".nii") || name.endsWith(".nii.gz");
    }

    /** A NIfTI volume, or a DICOM series folder as a NIfTI image (float32 intensities, scanner geometry). */
    public static NiftiImage readVolume(Path image) throws IOException {
        if (Files.isDirectory(image)) {
            return DicomSeries.read(image).toNifti();
        }
        if (!isVolume(image)) {
            throw new IllegalArgumentException(image + " is not a volume: give a .nii/.nii.gz file or a DICOM folder");
        }
        return NiftiReader.read(image);
    }

    /**
     * Segments {@code image} with an already loaded model (the Fiji commands and the command line share this).
     *
     * @param slice     the prompted slice along {@code axis}
     * @param objects   the prompts on that slice, one object each, in slice pixels
     * @param propagate carry each object to the neighbouring slices until its mask vanishes
     * @param mapping   intensity mapping (bound to the volume here)
     */
    public static Result segment(LoadedModel model, NiftiImage image, SliceAxis axis, int slice, List<Prompt> objects,
                                 boolean propagate, IntensityMapping mapping, Consumer<String> log) throws IOException {
        LabelVolume labels = new LabelVolume(image, axis);
        VolumeSlicer slicer = labels.slicer();
        int n = slicer.sliceCount();
        int w = slicer.width();
        int h = slicer.height();
        if (slice < 0 || slice >= n) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "--slice %d is outside 0..%d along %s of "
                    + "the %dx%dx%d volume", slice, n - 1, axis.label(), image.dim(0), image.dim(1), image.dim(2)));
        }
        if (objects.isEmpty()) {
            throw new IllegalArgumentException("give a prompt on slice " + slice + ": --box X0,Y0,X1,Y1 and/or --point X,Y");
        }
        for (Prompt p : objects) {
            checkInside(p, slice, axis, w, h);
        }
        float[] intensities = VolumeSlicer.intensities(image, 0);
        IntensityMapping bound = mapping.forVolume(intensities);
        VolumePropagation.SliceImages images = new VolumePropagation.SliceImages() {
            @Override
            public int count() {
                return n;
            }

            @Override
            public RgbImage image(int s) {
                return slicer.rgbSlice(intensities, s, bound);
            }
        };
        List<VolumePropagation.Result> results = new ArrayList<>();
        // one cached embedding per slice: every object and both directions reuse it
        try (SamPredictor predictor = new SamPredictor(model.model(), model.manager(), model.preprocessing(),
                propagate ? n : 1)) {
            VolumePropagation walker = new VolumePropagation(w, h, 1);
            VolumePropagation.BoxSegmenter sam = VolumePropagation.sam(predictor, images);
            for (int k = 0; k < objects.size(); k++) {
                Prompt prompt = objects.get(k);
                predictor.setImage(images.image(slice));
                Prediction p = predictor.predict(List.of(prompt), false);
                boolean[] start = p.mask(0, 0);
                results.add(propagate ? walker.propagate(n, slice, start, prompt.box(), sam)
                        : VolumePropagation.Result.single(n, slice, start, prompt.box()));
            }
            // higher labels win where objects overlap
            for (int k = 0; k < results.size(); k++) {
                boolean[][] masks = results.get(k).masks();
                for (int s = 0; s < n; s++) {
                    if (masks[s] != null) {
                        int[] plane = labels.slice(s);
                        for (int i = 0; i < plane.length; i++) {
                            if (masks[s][i]) {
                                plane[i] = k + 1;
                            }
                        }
                        labels.writeSlice(plane, s);
                    }
                }
            }
            Result result = new Result(labels, results, predictor.encoderRuns(), axis);
            if (log != null) {
                log.accept(result.summary());
            }
            return result;
        }
    }

    /**
     * Segments a stack of planes (ImageJ stacks, imglib2 (X, Y, Z) images) as a volume: {@code planes[s]} is slice s,
     * row-major, {@code height} rows of {@code width} values; prompts are in plane pixels. The planes become a
     * NIfTI-like grid (i = row, j = column, k = plane) sliced along z, so this is exactly {@link #segment} on that
     * volume: the same intensity statistics (over the whole stack), walk and labels. {@link Result#labelPlane} gives
     * the labels back per plane.
     */
    public static Result segmentStack(LoadedModel model, float[][] planes, int width, int height, int slice,
                                      List<Prompt> objects, boolean propagate, IntensityMapping mapping,
                                      Consumer<String> log) throws IOException {
        return segment(model, stackVolume(planes, width, height), SliceAxis.Z, slice, objects, propagate, mapping, log);
    }

    /** The planes as a float32 volume of dims (height, width, planes): voxel (i, j, k) = planes[k][i * width + j]. */
    static NiftiImage stackVolume(float[][] planes, int width, int height) {
        if (planes.length == 0 || width < 1 || height < 1) {
            throw new IllegalArgumentException("a stack needs at least one plane of at least 1x1 pixels");
        }
        int plane = width * height;
        float[] voxels = new float[plane * planes.length];
        for (int k = 0; k < planes.length; k++) {
            if (planes[k].length != plane) {
                throw new IllegalArgumentException("plane " + k + " has " + planes[k].length + " values, not "
                        + width + "x" + height);
            }
            for (int i = 0; i < height; i++) {
                for (int j = 0; j < width; j++) {
                    voxels[k * plane + j * height + i] = planes[k][i * width + j];
                }
            }
        }
        return new NiftiImage(new int[] {height, width, planes.length}, NiftiVoxels.ofFloats(voxels));
    }

    private static void checkInside(Prompt p, int slice, SliceAxis axis, int w, int h) {
        String where = String.format(Locale.ROOT, "slice %s=%d (%d x %d pixels: x 0..%d, y 0..%d)", axis.label(), slice,
                w, h, w, h);
        float[] b = p.box();
        if (b != null && (b[0] < 0 || b[1] < 0 || b[2] > w || b[3] > h || b[2] <= b[0] || b[3] <= b[1])) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "box %s,%s,%s,%s lies outside %s or is "
                    + "empty", num(b[0]), num(b[1]), num(b[2]), num(b[3]), where));
        }
        for (Prompt.Point q : p.points()) {
            if (q.x < 0 || q.y < 0 || q.x > w || q.y > h) {
                throw new IllegalArgumentException("point " + num(q.x) + "," + num(q.y) + " lies outside " + where);
            }
        }
    }

    private static String num(float v) {
        return v == Math.rint(v) ? Integer.toString((int) v) : Float.toString(v);
    }
}
