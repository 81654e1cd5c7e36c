package org.samtune.engine;

import org.samtune.io.IntensityMapping;
import org.samtune.io.NiftiImage;
import org.samtune.io.NiftiReader;
import org.samtune.io.NiftiSliceSource;
import org.samtune.io.SliceAxis;
import org.samtune.io.VolumeFolders;
import org.samtune.io.VolumePair;
import org.samtune.io.VolumeSlicer;
import org.samtune.train.DatasetValidator;
import org.samtune.train.FileSliceSource;
import org.samtune.train.FolderPairs;
import org.samtune.train.ListFile;
import org.samtune.train.SliceSource;
import org.samtune.train.TargetSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The cases of an evaluation, checked once before any model runs: 2-D image/mask pairs (a finetune-SAM list file
 * or an {@code images/} + {@code masks/} folder) or NIfTI volume pairs (an {@code imagesTr/} + {@code labelsTr/}
 * or {@code images/} + {@code labels/} folder of .nii/.nii.gz files). Bad cases become {@link Problem}s and are
 * left out; the good ones are evaluated.
 */
final class EvaluationData {

    /** One left-out case (a row of problems.csv). */
    record Problem(String caseName, String image, String mask, String kind, String message) {
        @Override
        public String toString() {
            return caseName + ": " + message;
        }
    }

    /** A usable volume: its pair and where its slices are in the slice source. */
    record Volume(int pairIndex, VolumePair pair, int[] sampleIndices) {}

    final boolean volumes;
    /** 2-D: the pairs, and the indices of the usable ones. */
    final SliceSource images;
    final int[] usableImages;
    /** 3-D: the slice source and its usable volumes. */
    final NiftiSliceSource slices;
    final List<Volume> usableVolumes;
    final List<Problem> problems;

    private EvaluationData(boolean volumes, SliceSource images, int[] usableImages, NiftiSliceSource slices,
                           List<Volume> usableVolumes, List<Problem> problems) {
        this.volumes = volumes;
        this.images = images;
        this.usableImages = usableImages;
        this.slices = slices;
        this.usableVolumes = usableVolumes;
        this.problems = problems;
    }

    static boolean isVolumeFolder(Path data) {
        return DataSources.isVolumeFolder(data);
    }

    /** Opens and checks 2-D pairs. */
    static EvaluationData openImages(Path data, Path imageRoot, Path maskRoot, TargetSpec targets, int numCls,
                                     IntensityMapping intensity, Consumer<String> log) throws IOException {
        SliceSource source = DataSources.openPairs(data, imageRoot, maskRoot, intensity, log);
        DatasetValidator.Report report = DatasetValidator.validate(source, targets, numCls, true);
        List<Problem> problems = new ArrayList<>();
        for (DatasetValidator.Problem p : report.problems()) {
            problems.add(new Problem(p.imageName(), imagePath(source, p.index()), p.maskName(), p.kind().name(),
                    p.message()));
        }
        for (DatasetValidator.Problem p : report.filtered()) {
            problems.add(new Problem(p.imageName(), imagePath(source, p.index()), p.maskName(), p.kind().name(),
                    "empty ground truth (no pixel of the target classes " + targets + "), nothing to evaluate"));
        }
        return new EvaluationData(false, source, report.usable(), null, List.of(), problems);
    }

    private static String imagePath(SliceSource source, int index) {
        return source instanceof FileSliceSource f ? f.pairs().get(index).image().toString() : source.imageName(index);
    }

    /**
     * Opens and checks NIfTI pairs. Besides {@link NiftiSliceSource}'s pair checks (readable, same shape and
     * spacing), a volume is left out when its image holds only NaN, when its labels do not fit num_cls (multi_all)
     * or when it has no voxel of the target classes.
     *
     * @param allSlices keep slices without labels (needed when predictions there count: no-prompt and propagation)
     */
    static EvaluationData openVolumes(Path data, SliceAxis axis, boolean allSlices, TargetSpec targets, int numCls,
                                      IntensityMapping intensity, Consumer<String> log) throws IOException {
        VolumeFolders.Result found = VolumeFolders.scan(data);
        for (Path p : found.unmatchedImages()) {
            log.accept("warning: " + p + ": image without a label volume, ignored");
        }
        for (Path p : found.unmatchedLabels()) {
            log.accept("warning: " + p + ": label volume without an image, ignored");
        }
        NiftiSliceSource source = NiftiSliceSource.open(found.pairs(), new NiftiSliceSource.Options().axis(axis).mapping(intensity)
                .keepEmptySlices(allSlices).policy(DatasetValidator.Policy.SKIP_WITH_WARNING)
                .warn(m -> log.accept("warning: " + m)));
        List<Problem> problems = new ArrayList<>();
        for (DatasetValidator.Problem p : source.problems()) {
            VolumePair pair = found.pairs().get(p.index());
            problems.add(new Problem(pair.name(), p.imageName(), p.maskName(), p.kind().name(), p.message()));
        }
        List<List<Integer>> samples = new ArrayList<>();
        for (int i = 0; i < source.pairs().size(); i++) {
            samples.add(new ArrayList<>());
        }
        for (int s = 0; s < source.size(); s++) {
            samples.get(source.pairIndex(s)).add(s);
        }
        List<Volume> usable = new ArrayList<>();
        for (int v = 0; v < source.pairs().size(); v++) {
            VolumePair pair = source.pairs().get(v);
            String bad = checkVolume(pair, targets, numCls);
            if (bad != null) {
                String kind = bad.startsWith("NAN") ? "NAN_IMAGE" : bad.startsWith("RANGE") ? "LABEL_OUT_OF_RANGE"
                        : "EMPTY_TARGET";
                problems.add(new Problem(pair.name(), pair.image().toString(), pair.label().toString(), kind,
                        bad.substring(bad.indexOf(':') + 2)));
                continue;
            }
            usable.add(new Volume(v, pair, samples.get(v).stream().mapToInt(Integer::intValue).toArray()));
        }
        return new EvaluationData(true, null, new int[0], source, usable, problems);
    }

    /** null when fine, else "KIND: message" naming the file. */
    private static String checkVolume(VolumePair pair, TargetSpec targets, int numCls) throws IOException {
        NiftiImage image = NiftiReader.read(pair.image());
        if (!VolumeSlicer.hasNonNaN(VolumeSlicer.intensities(image, 0))) {
            return "NAN: image " + pair.image() + " holds only NaN values";
        }
        int[] labels = NiftiReader.read(pair.label()).toLabelArray();
        if (targets.kind() == TargetSpec.Kind.MULTI_ALL) {
            int[] bad = Arrays.stream(labels).filter(l -> l < 0 || l >= numCls).distinct().sorted().toArray();
            if (bad.length > 0) {
                return "RANGE: label " + pair.label() + " holds values " + Arrays.toString(bad)
                        + " that are not class ids 0.." + (numCls - 1)
                        + " (multi_all uses label values as classes; use combine_all, choose labels or --num-classes)";
            }
        }
        for (int l : labels) {
            if (targets.classOf(l) > 0) {
                return null;
            }
        }
        return "EMPTY: label " + pair.label() + " has no voxel of the target classes (" + targets
                + "), nothing to evaluate";
    }
}
