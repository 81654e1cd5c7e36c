package org.samtune.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.logging.Logger;

import org.samtune.train.DatasetValidator;
import org.samtune.train.DatasetValidator.DatasetException;
import org.samtune.train.DatasetValidator.Kind;
import org.samtune.train.DatasetValidator.Policy;
import org.samtune.train.DatasetValidator.Problem;
import org.samtune.train.LabelImage;
import org.samtune.predict.RgbImage;
import org.samtune.train.SliceSource;

/**
 * Training slices cut from NIfTI image + label volume pairs: every slice along one {@link SliceAxis} (default z,
 * the notebook's axial slice; orientation as documented there) becomes one sample. The image slice is mapped to
 * 8 bit by an {@link IntensityMapping} (default: finetune-SAM's per-slice min-max) and replicated to RGB; the mask
 * is the label slice as label ids. Slices whose labels are all 0 are dropped, as finetune-SAM's
 * {@code delete_empty_masks} would drop them, unless {@link Options#keepEmptySlices}.
 *
 * <p>{@link #open} reads every pair once and checks it before training: readable files (a corrupt or truncated
 * {@code .nii.gz} is reported with its name), the same spatial shape and spacing (relative difference at most
 * {@link Options#spacingTolerance}) for image and label, and whole-number labels. Bad pairs are reported as
 * {@link Problem}s naming both files: with {@link Policy#FAIL} (default) {@code open} throws a
 * {@link DatasetException} listing all of them, with {@link Policy#SKIP_WITH_WARNING} they are dropped with a
 * warning. Label values against num_cls are checked by {@link DatasetValidator}, whose problems name the label file
 * and slice through {@link #maskName}.
 *
 * <p>Slices are decoded per volume and kept in a small least-recently-used cache ({@link Options#cacheBytes}), so
 * a shuffled epoch reads each volume again only when the cache is too small for the data set. Thread-safe.
 */
public final class NiftiSliceSource implements SliceSource {
    private static final Logger LOG = Logger.getLogger(NiftiSliceSource.class.getName());

    /** Settings; a mutable builder, read once by {@link #open}. */
    public static final class Options {
        SliceAxis axis = SliceAxis.Z;
        IntensityMapping mapping = IntensityMapping.sliceMinMax();
        boolean keepEmptySlices;
        int channel;
        boolean channelSet;
        Policy policy = Policy.FAIL;
        Consumer<String> warn = LOG::warning;
        long cacheBytes = 256L << 20;
        double spacingTolerance = 1e-3;

        public Options axis(SliceAxis value) {
            axis = value;
            return this;
        }

        public Options mapping(IntensityMapping value) {
            mapping = value;
            return this;
        }

        /** Keep slices without any label (finetune-SAM drops them; default false). */
        public Options keepEmptySlices(boolean value) {
            keepEmptySlices = value;
            return this;
        }

        /** Which 3-D volume of a 4-D (multi-channel, MSD style) image to use; default 0, with a warning. */
        public Options channel(int value) {
            channel = value;
            channelSet = true;
            return this;
        }

        public Options policy(Policy value) {
            policy = value;
            return this;
        }

        /** Where warnings go (default: java.util.logging). */
        public Options warn(Consumer<String> value) {
            warn = value;
            return this;
        }

        /** Decoded-slice cache budget in bytes (default 256 MiB; the last volume used is always kept). */
        public Options cacheBytes(long value) {
            cacheBytes = value;
            return this;
        }

        /** Largest accepted relative spacing difference between image and label (default 1e-3). */
        public Options spacingTolerance(double value) {
            spacingTolerance = value;
            return this;
        }
    }

    /** One usable pair: its grid, bound intensity mapping and the slices that become samples. */
    private record Volume(VolumePair pair, VolumeSlicer slicer, IntensityMapping mapping, int[] slices) {}

    /** The decoded samples of one volume, in the order of {@link Volume#slices}. */
    private record Decoded(byte[][] gray, int[][] labels, long bytes) {}

    private final List<Volume> volumes;
    private final List<Problem> problems;
    private final int[] sampleVolume;
    private final int[] sampleSlice;
    private final int[] sampleRank;
    private final Options options;
    private final LinkedHashMap<Integer, Decoded> cache = new LinkedHashMap<>(16, 0.75f, true);
    private long cachedBytes;

    private NiftiSliceSource(List<Volume> volumes, List<Problem> problems, Options options) {
        this.volumes = List.copyOf(volumes);
        this.problems = List.copyOf(problems);
        this.options = options;
        int n = volumes.stream().mapToInt(v -> v.slices().length).sum();
        sampleVolume = new int[n];
        sampleSlice = new int[n];
        sampleRank = new int[n];
        int i = 0;
        for (int v = 0; v < volumes.size(); v++) {
            int[] slices = volumes.get(v).slices();
            for (int k = 0; k < slices.length; k++, i++) {
                sampleVolume[i] = v;
                sampleSlice[i] = slices[k];
                sampleRank[i] = k;
            }
        }
    }

    /** Pairs from an MSD-style folder ({@link VolumeFolders#scan(Path)}); unmatched files are warned about. */
    public static NiftiSliceSource open(Path root, Options options) throws IOException {
        VolumeFolders.Result found = VolumeFolders.scan(root);
        for (Path p : found.unmatchedImages()) {
            options.warn.accept(p + ": image without a label volume, ignored");
        }
        for (Path p : found.unmatchedLabels()) {
            options.warn.accept(p + ": label volume without an image, ignored");
        }
        return open(found.pairs(), options);
    }

    /** Reads and checks every pair (see the class comment). */
    public static NiftiSliceSource open(List<VolumePair> pairs, Options options) throws IOException {
        List<Volume> ok = new ArrayList<>();
        List<Problem> bad = new ArrayList<>();
        Map<Integer, Decoded> warm = new LinkedHashMap<>();
        for (int p = 0; p < pairs.size(); p++) {
            VolumePair pair = pairs.get(p);
            try {
                Loaded loaded = load(pair, options, true);
                Volume v = survey(pair, loaded, options);
                if (v.slices().length == 0) {
                    options.warn.accept(pair.label() + ": no labelled slice along " + options.axis.label()
                            + ", the pair gives no samples");
                }
                ok.add(v);
                if (warm.isEmpty()) {
                    warm.put(ok.size() - 1, decode(v, loaded)); // the first volume is usually needed first
                }
            } catch (PairProblem e) {
                bad.add(new Problem(p, pair.image().toString(), pair.label().toString(), e.kind, e.getMessage()));
            }
        }
        if (!bad.isEmpty()) {
            StringBuilder sb = new StringBuilder();
            sb.append(bad.size()).append(" of ").append(pairs.size()).append(" volume pairs are unusable:");
            for (Problem b : bad) {
                sb.append("\n  ").append(b.message());
            }
            if (options.policy == Policy.FAIL) {
                throw new DatasetException(sb.toString(), bad);
            }
            for (Problem b : bad) {
                options.warn.accept("skipping " + b.message());
            }
        }
        NiftiSliceSource out = new NiftiSliceSource(ok, bad, options);
        for (Map.Entry<Integer, Decoded> e : warm.entrySet()) {
            out.remember(e.getKey(), e.getValue());
        }
        return out;
    }

    // ---- SliceSource

    @Override
    public int size() {
        return sampleVolume.length;
    }

    /** The image file and slice, e.g. {@code .../hippocampus_001.nii.gz z=12}. */
    @Override
    public String imageName(int index) {
        return pair(index).image() + " " + options.axis.label() + "=" + sampleSlice[index];
    }

    /** The label file and slice, e.g. {@code .../labels/hippocampus_001.nii.gz z=12}. */
    @Override
    public String maskName(int index) {
        return pair(index).label() + " " + options.axis.label() + "=" + sampleSlice[index];
    }

    @Override
    public RgbImage loadImage(int index) throws IOException {
        VolumeSlicer s = volumes.get(sampleVolume[index]).slicer();
        return RgbImage.fromGray(s.width(), s.height(), decoded(sampleVolume[index]).gray()[sampleRank[index]]);
    }

    @Override
    public LabelImage loadMask(int index) throws IOException {
        VolumeSlicer s = volumes.get(sampleVolume[index]).slicer();
        return new LabelImage(s.width(), s.height(), decoded(sampleVolume[index]).labels()[sampleRank[index]].clone());
    }

    // ---- where samples come from

    /** The usable pairs, in input order. */
    public List<VolumePair> pairs() {
        return volumes.stream().map(Volume::pair).toList();
    }

    /** Pairs dropped under {@link Policy#SKIP_WITH_WARNING} (index = position in the list given to open). */
    public List<Problem> problems() {
        return problems;
    }

    public SliceAxis axis() {
        return options.axis;
    }

    /** The pair sample {@code index} comes from. */
    public VolumePair pair(int index) {
        return volumes.get(sampleVolume[index]).pair();
    }

    /** Position of sample {@code index}'s pair in {@link #pairs()}. */
    public int pairIndex(int index) {
        return sampleVolume[index];
    }

    /** The slice index (along {@link #axis()}) of sample {@code index}. */
    public int sliceIndex(int index) {
        return sampleSlice[index];
    }

    /** The slice geometry of pair {@code pairIndex}. */
    public VolumeSlicer slicer(int pairIndex) {
        return volumes.get(pairIndex).slicer();
    }

    /** The slices of pair {@code pairIndex} that are samples (ascending). */
    public int[] sampleSlices(int pairIndex) {
        return volumes.get(pairIndex).slices().clone();
    }

    /**
     * An empty label volume with the grid and geometry of pair {@code pairIndex}'s image, to write predictions of
     * its slices back with {@link LabelVolume#writeSlice} (slices of this source have that orientation).
     */
    public LabelVolume newLabelVolume(int pairIndex) throws IOException {
        return new LabelVolume(NiftiReader.read(volumes.get(pairIndex).pair().image()), options.axis);
    }

    // ---- reading and checking

    /** Both volumes of a pair, read. */
    private record Loaded(NiftiImage image, NiftiImage label, float[] intensities, int[] labels) {}

    private static final class PairProblem extends Exception {
        private static final long serialVersionUID = 1L;
        final Kind kind;

        PairProblem(Kind kind, String message) {
            super(message);
            this.kind = kind;
        }
    }

    private static Loaded load(VolumePair pair, Options o, boolean warn) throws PairProblem {
        NiftiImage image;
        NiftiImage label;
        try {
            image = NiftiReader.read(pair.image());
        } catch (IOException | RuntimeException e) {
            throw new PairProblem(Kind.UNREADABLE_IMAGE, "cannot read image " + message(pair.image(), e));
        }
        try {
            label = NiftiReader.read(pair.label());
        } catch (IOException | RuntimeException e) {
            throw new PairProblem(Kind.UNREADABLE_MASK, "cannot read label " + message(pair.label(), e));
        }
        int[] si = {image.dim(0), image.dim(1), image.dim(2)};
        int[] sl = {label.dim(0), label.dim(1), label.dim(2)};
        int labelVolumes = label.voxelCount() / (sl[0] * sl[1] * sl[2]);
        if (!Arrays.equals(si, sl) || labelVolumes != 1) {
            throw new PairProblem(Kind.SIZE_MISMATCH, "image " + pair.image() + " is " + shape(image.dims())
                    + " but label " + pair.label() + " is " + shape(label.dims())
                    + (Arrays.equals(si, sl) ? " (a label needs one 3-D volume)" : ""));
        }
        checkSpacing(pair, image, label, o.spacingTolerance);
        int channels = image.voxelCount() / (si[0] * si[1] * si[2]);
        if (o.channel >= channels) {
            throw new PairProblem(Kind.UNREADABLE_IMAGE, "image " + pair.image() + " (" + shape(image.dims())
                    + ") has " + channels + " channel(s), channel " + o.channel + " was asked for");
        }
        if (warn && channels > 1 && !o.channelSet) {
            o.warn.accept(pair.image() + " has " + channels + " channels (" + shape(image.dims())
                    + "); using channel 0");
        }
        int[] labels;
        try {
            labels = label.toLabelArray();
        } catch (IllegalArgumentException e) {
            throw new PairProblem(Kind.UNREADABLE_MASK, "label " + pair.label() + ": " + e.getMessage());
        }
        return new Loaded(image, label, VolumeSlicer.intensities(image, o.channel), labels);
    }

    private static void checkSpacing(VolumePair pair, NiftiImage image, NiftiImage label, double tol)
            throws PairProblem {
        double[] a = image.spacing();
        double[] b = label.spacing();
        int n = Math.min(3, Math.min(a.length, b.length));
        for (int i = 0; i < n; i++) {
            double scale = Math.max(Math.abs(a[i]), Math.abs(b[i]));
            if (Math.abs(a[i] - b[i]) > tol * scale) {
                throw new PairProblem(Kind.SIZE_MISMATCH, "image " + pair.image() + " has voxel spacing "
                        + spacing(a, n) + " but label " + pair.label() + " has " + spacing(b, n)
                        + " (axis " + "xyz".charAt(i) + " differs by more than " + tol + " relative)");
            }
        }
    }

    /** Decides which slices are samples, binds the mapping, and warns about NaN. */
    private static Volume survey(VolumePair pair, Loaded loaded, Options o) {
        VolumeSlicer slicer = VolumeSlicer.of(loaded.image(), o.axis);
        boolean[] labelled = slicer.labelledSlices(loaded.labels());
        int[] slices = java.util.stream.IntStream.range(0, slicer.sliceCount())
                .filter(s -> o.keepEmptySlices || labelled[s]).toArray();
        long nan = 0;
        for (float v : loaded.intensities()) {
            if (Float.isNaN(v)) {
                nan++;
            }
        }
        if (nan > 0) {
            o.warn.accept(pair.image() + ": " + nan + " NaN voxel(s), left out of the intensity range and shown as 0");
            for (int s : slices) {
                if (!VolumeSlicer.hasNonNaN(slicer.floatSlice(loaded.intensities(), s))) {
                    o.warn.accept(pair.image() + " slice " + o.axis.label() + "=" + s
                            + " holds only NaN: it becomes a black image");
                }
            }
        }
        return new Volume(pair, slicer, o.mapping.forVolume(loaded.intensities()), slices);
    }

    private static Decoded decode(Volume v, Loaded loaded) {
        int[] slices = v.slices();
        byte[][] gray = new byte[slices.length][];
        int[][] labels = new int[slices.length][];
        long bytes = 0;
        for (int k = 0; k < slices.length; k++) {
            gray[k] = v.mapping().toUint8(v.slicer().floatSlice(loaded.intensities(), slices[k]));
            labels[k] = v.slicer().labelSlice(loaded.labels(), slices[k]);
            bytes += gray[k].length + 4L * labels[k].length;
        }
        return new Decoded(gray, labels, bytes);
    }

    private synchronized Decoded decoded(int volume) throws IOException {
        Decoded d = cache.get(volume);
        if (d != null) {
            return d;
        }
        Volume v = volumes.get(volume);
        Loaded loaded;
        try {
            loaded = load(v.pair(), options, false);
        } catch (PairProblem e) {
            throw new IOException(e.getMessage() + " (it was readable when the data set was opened)", e);
        }
        if (!Arrays.equals(VolumeSlicer.of(loaded.image(), options.axis).dims(), v.slicer().dims())) {
            throw new IOException(v.pair().image() + " changed since the data set was opened");
        }
        d = decode(v, loaded);
        remember(volume, d);
        return d;
    }

    private synchronized void remember(int volume, Decoded d) {
        cache.put(volume, d);
        cachedBytes += d.bytes();
        Iterator<Map.Entry<Integer, Decoded>> it = cache.entrySet().iterator();
        while (cachedBytes > options.cacheBytes && cache.size() > 1 && it.hasNext()) {
            Map.Entry<Integer, Decoded> oldest = it.next();
            if (oldest.getKey() != volume) {
                cachedBytes -= oldest.getValue().bytes();
                it.remove();
            }
        }
    }

    // ---- messages

    private static String message(Path file, Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.contains(file.toString()) ? m : file + ": " + m;
    }

    static String shape(int[] dims) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < dims.length; i++) {
            sb.append(i == 0 ? "" : "x").append(dims[i]);
        }
        return sb.toString();
    }

    private static String spacing(double[] s, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : " x ").append((float) s[i]);
        }
        return sb.append(" mm").toString();
    }
}
