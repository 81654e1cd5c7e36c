package org.samtune.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samtune.Fixtures;
import org.samtune.engine.DjlRuntime;
import org.samtune.engine.LoadedModel;
import org.samtune.engine.ModelLoader;
import org.samtune.engine.VolumePropagation;
import org.samtune.engine.VolumeSegmentJob;
import org.samtune.io.IntensityMapping;
import org.samtune.io.NiftiImage;
import org.samtune.io.NiftiReader;
import org.samtune.io.SliceAxis;
import org.samtune.io.VolumeSlicer;
import org.samtune.predict.Prompt;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code samtune segment} on volumes with the tiny random-weight model (plumbing: geometry, labels, the walk's stop
 * rule and the embedding cache, not segmentation quality) on the bundled MSD hippocampus volume (35x51x35).
 */
class VolumeSegmentCommandTest {
    static final Path HIPPO = Path.of("src/test/resources/datasets/msd-hippocampus/images/hippocampus_001.nii.gz");

    @TempDir
    Path tmp;

    static String[] segment(String... extra) {
        List<String> a = new java.util.ArrayList<>(List.of("segment", "--config",
                Fixtures.file("sam-tiny/config.json").toString(), "--checkpoint",
                Fixtures.file("sam-tiny/model.pth").toString(), "--threads", "1", "--device", "cpu"));
        a.addAll(List.of(extra));
        return a.toArray(new String[0]);
    }

    @Test
    void oneSliceTwoObjectsKeepsTheSourceGeometry() throws Exception {
        Path out = tmp.resolve("labels.nii.gz");
        // axial slices of this volume are 51 (y, columns) x 35 (x, rows)
        CliRun r = CliRun.of(segment("--image", HIPPO.toString(), "--slice", "17", "--box", "5,5,25,20",
                "--box", "28,12,48,30", "--output", out.toString()));
        assertEquals(0, r.exitCode, r.toString());
        NiftiImage src = NiftiReader.read(HIPPO);
        NiftiImage pred = NiftiReader.read(out);
        assertArrayEquals(Arrays.copyOf(src.dims(), 3), pred.dims());
        assertArrayEquals(Arrays.copyOfRange(src.pixdim(), 0, 4), Arrays.copyOfRange(pred.pixdim(), 0, 4), 0f);
        assertEquals(src.qformCode(), pred.qformCode());
        assertEquals(src.sformCode(), pred.sformCode());
        assertArrayEquals(src.quatern(), pred.quatern(), 0f);
        assertArrayEquals(src.qoffset(), pred.qoffset(), 0f);
        for (int row = 0; row < 3; row++) {
            assertArrayEquals(src.srow(row), pred.srow(row), 0f);
        }
        int[] labels = pred.toLabelArray();
        VolumeSlicer slicer = VolumeSlicer.of(pred, SliceAxis.Z);
        Set<Integer> values = new HashSet<>();
        for (int s = 0; s < slicer.sliceCount(); s++) {
            int[] plane = slicer.labelSlice(labels, s);
            for (int v : plane) {
                values.add(v);
                if (s != 17) {
                    assertEquals(0, v, "without --propagate only slice 17 is segmented (slice " + s + ")");
                }
            }
        }
        assertTrue(Set.of(0, 1, 2).containsAll(values), values.toString());
        assertTrue(r.out.contains("object 1:") && r.out.contains("object 2:"), r.out);
    }

    @Test
    void propagationStopsWhereTheMaskVanishesWithOneEmbeddingPerSlice() throws Exception {
        NiftiImage image = NiftiReader.read(HIPPO);
        ModelLoader.Options o = new ModelLoader.Options();
        o.config = org.samtune.model.SamConfig.fromJson(Fixtures.file("sam-tiny/config.json"));
        o.device = DjlRuntime.DeviceChoice.CPU;
        o.threads = 1;
        try (LoadedModel model = ModelLoader.load(Fixtures.file("sam-tiny/model.pth"), o)) {
            List<Prompt> objects = List.of(new Prompt().box(5, 5, 25, 20), new Prompt().box(10, 3, 45, 32)
                    .addPoint(20, 15, 1));
            VolumeSegmentJob.Result res = VolumeSegmentJob.segment(model, image, SliceAxis.Z, 17, objects, true,
                    IntensityMapping.auto(), null);
            int n = image.dim(2);
            boolean[] visited = new boolean[n];
            int[] labels = res.labels().labels();
            VolumeSlicer slicer = res.labels().slicer();
            for (int k = 0; k < objects.size(); k++) {
                VolumePropagation.Result r = res.objects().get(k);
                assertEquals(17, r.start());
                visited[17] = true;
                if (r.segmentedSlices() == 0) {
                    continue; // the start mask itself was empty: nothing was propagated
                }
                // a contiguous run of masks around the start ...
                for (int s = 0; s < n; s++) {
                    assertEquals(s >= r.first() && s <= r.last(), r.masks()[s] != null, "object " + k + " slice " + s);
                    if (r.boxes()[s] != null) {
                        visited[s] = true;
                    }
                }
                // ... ended by a slice that was visited and whose mask vanished, or by the volume's end
                if (r.last() < n - 1) {
                    assertNotNull(r.boxes()[r.last() + 1]);
                    assertNull(r.masks()[r.last() + 1]);
                }
                if (r.first() > 0) {
                    assertNotNull(r.boxes()[r.first() - 1]);
                    assertNull(r.masks()[r.first() - 1]);
                }
                // every box after the start is the tight box of the neighbour's mask
                for (int s = r.first(); s <= r.last(); s++) {
                    if (s != 17) {
                        int from = s > 17 ? s - 1 : s + 1;
                        assertArrayEquals(VolumePropagation.boundingBox(r.masks()[from], slicer.width(),
                                slicer.height()), r.boxes()[s], 0f);
                    }
                }
            }
            // the label volume holds exactly the kept masks (object 2 wins where they overlap)
            for (int s = 0; s < n; s++) {
                int[] plane = slicer.labelSlice(labels, s);
                for (int i = 0; i < plane.length; i++) {
                    int expected = 0;
                    for (int k = 0; k < objects.size(); k++) {
                        boolean[] m = res.objects().get(k).masks()[s];
                        if (m != null && m[i]) {
                            expected = k + 1;
                        }
                    }
                    assertEquals(expected, plane[i]);
                }
            }
            int distinct = 0;
            for (boolean v : visited) {
                distinct += v ? 1 : 0;
            }
            // one embedding per visited slice, shared by both objects and both directions
            assertEquals(distinct, res.encoderRuns());
            assertTrue(distinct > 2, "the walk left the start slice: " + res.summary());
        }
    }

    @Test
    void badVolumeInputsAreNamed() throws Exception {
        Path out = tmp.resolve("l.nii.gz");
        CliRun outside = CliRun.of(segment("--image", HIPPO.toString(), "--slice", "35", "--box", "1,1,5,5",
                "--output", out.toString()));
        assertEquals(1, outside.exitCode);
        assertTrue(outside.err.contains("--slice 35 is outside 0..34 along z"), outside.err);

        CliRun box = CliRun.of(segment("--image", HIPPO.toString(), "--slice", "3", "--box", "10,10,60,20",
                "--output", out.toString()));
        assertEquals(1, box.exitCode);
        assertTrue(box.err.contains("box 10,10,60,20 lies outside slice z=3 (51 x 35 pixels"), box.err);

        CliRun noSlice = CliRun.of(segment("--image", HIPPO.toString(), "--box", "1,1,5,5", "--output", out.toString()));
        assertEquals(1, noSlice.exitCode);
        assertTrue(noSlice.err.contains("is a volume: give the prompted slice with --slice K"), noSlice.err);

        CliRun png = CliRun.of(segment("--image", HIPPO.toString(), "--slice", "3", "--box", "1,1,5,5",
                "--output", tmp.resolve("m.png").toString()));
        assertEquals(1, png.exitCode);
        assertTrue(png.err.contains("give --output LABELS.nii.gz"), png.err);

        Path flat = Path.of("src/test/resources/datasets/mri-prostate/MRI-Prostate/images/patient108/study108/volumn108/"
                + "UCL29_7.png");
        CliRun twoD = CliRun.of(segment("--image", flat.toString(), "--slice", "3", "--box", "1,1,5,5",
                "--output", out.toString()));
        assertEquals(1, twoD.exitCode);
        assertTrue(twoD.err.contains("--slice applies to volumes") && twoD.err.contains("is a 2-D image"), twoD.err);
    }
}
