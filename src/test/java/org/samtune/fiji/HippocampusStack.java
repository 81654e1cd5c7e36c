package org.samtune.fiji;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;
import org.samtune.Fixtures;
import org.samtune.engine.DjlRuntime;
import org.samtune.engine.LoadedModel;
import org.samtune.engine.ModelLoader;
import org.samtune.engine.VolumeSegmentJob;
import org.samtune.io.IntensityMapping;
import org.samtune.io.NiftiImage;
import org.samtune.io.NiftiReader;
import org.samtune.io.SliceAxis;
import org.samtune.io.VolumeSlicer;
import org.samtune.model.SamConfig;
import org.samtune.predict.Prompt;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The bundled MSD hippocampus volume (35 x 51 x 35) as an ImageJ stack, and the engine's own 3-D answer on the NIfTI
 * file (what {@code samtune segment --slice K --propagate} computes), the truth the Fiji front-ends must reproduce.
 */
public final class HippocampusStack {
    public static final Path NIFTI = Path.of("src/test/resources/datasets/msd-hippocampus/images/hippocampus_001.nii.gz");

    private HippocampusStack() {}

    public static NiftiImage volume() throws IOException {
        return NiftiReader.read(NIFTI);
    }

    /** Axial slices as a 32-bit stack: plane s + 1 is z slice s, cut as {@link VolumeSlicer} cuts it (51 x 35). */
    public static ImagePlus stack(NiftiImage v) {
        VolumeSlicer slicer = VolumeSlicer.of(v, SliceAxis.Z);
        float[] values = VolumeSlicer.intensities(v, 0);
        ImageStack st = new ImageStack(slicer.width(), slicer.height());
        for (int s = 0; s < slicer.sliceCount(); s++) {
            st.addSlice(new FloatProcessor(slicer.width(), slicer.height(), slicer.floatSlice(values, s)));
        }
        return new ImagePlus("hippocampus_001.nii.gz", st);
    }

    /** {@link VolumeSegmentJob#segment} on the NIfTI volume along z with a freshly loaded sam-tiny. */
    public static VolumeSegmentJob.Result truth(NiftiImage v, int slice, List<Prompt> prompts, IntensityMapping mapping)
            throws IOException {
        DjlRuntime.init(1);
        ModelLoader.Options o = new ModelLoader.Options();
        o.config = SamConfig.fromJson(Fixtures.file("sam-tiny/config.json"));
        o.device = DjlRuntime.DeviceChoice.CPU;
        o.threads = 1;
        try (LoadedModel model = ModelLoader.load(EngineTruth.checkpoint().toPath(), o)) {
            return VolumeSegmentJob.segment(model, v, SliceAxis.Z, slice, prompts, true, mapping, null);
        }
    }

    /** Slices some object's walk visited (prompted with a box, or the start): one embedding each. */
    public static int visitedSlices(VolumeSegmentJob.Result r) {
        java.util.Set<Integer> visited = new java.util.HashSet<>();
        r.objects().forEach(o -> {
            visited.add(o.start());
            for (int s = 0; s < o.boxes().length; s++) {
                if (o.boxes()[s] != null) {
                    visited.add(s);
                }
            }
        });
        return visited.size();
    }

    /** Planes (0-based) where some label is not 0. */
    public static int labelledPlanes(VolumeSegmentJob.Result r, int planes) {
        int n = 0;
        for (int s = 0; s < planes; s++) {
            for (int v : r.labelPlane(s)) {
                if (v != 0) {
                    n++;
                    break;
                }
            }
        }
        return n;
    }
}
