package org.samtune.fiji;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;
import ij.process.ShortProcessor;
import net.imglib2.Cursor;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.samtune.engine.VolumeSegmentJob;
import org.samtune.io.IntensityMapping;
import org.samtune.io.NiftiImage;
import org.samtune.predict.Prompt;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.log.LogService;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * 3-D propagation from Fiji: a stack built from the bundled hippocampus NIfTI, prompted on one slice, must give
 * exactly the engine's label volume for the NIfTI file ({@code samtune segment --slice 17 --propagate}), with one
 * encoder run per slice visited; as a label stack, a binary mask stack, selections per slice, and from an imglib2
 * (X, Y, Z) image.
 */
class SegmentStackTest {
    static final String BOXES = "5,5,25,20;10,3,45,32";
    static final List<Prompt> PROMPTS = List.of(new Prompt().box(5, 5, 25, 20), new Prompt().box(10, 3, 45, 32));
    static final int START = 17; // 0-based z; ImageJ slice 18

    static Context context;
    static CommandService commands;
    static NiftiImage volume;
    static VolumeSegmentJob.Result truth;

    @BeforeAll
    static void start() throws Exception {
        context = new Context(CommandService.class, LogService.class);
        commands = context.service(CommandService.class);
        volume = HippocampusStack.volume();
        truth = HippocampusStack.truth(volume, START, PROMPTS, IntensityMapping.auto());
        assertTrue(HippocampusStack.labelledPlanes(truth, volume.dim(2)) >= 3,
                "the walk must leave the start slice for this test to mean anything: " + truth.summary());
    }

    @AfterAll
    static void stop() {
        context.dispose();
        SamSession.disposeShared();
    }

    static CommandModule segment(ImagePlus imp, String output) throws Exception {
        Map<String, Object> in = SegmentCommandTest.inputs(imp, output);
        in.put("boxes", BOXES);
        in.put("slices", SegmentCommand.PROPAGATE);
        return commands.run(SegmentCommand.class, true, in).get();
    }

    @Test
    void labelStackIsTheEnginesVolumeWithOneEmbeddingPerVisitedSlice() throws Exception {
        ImagePlus imp = HippocampusStack.stack(volume);
        imp.setSlice(START + 1);
        int runsBefore = SamSession.shared().encoderRuns();
        CommandModule m = segment(imp, "label image");
        SegmentResult r = ((SegmentCommand) m.getDelegateObject()).segmentation();
        ImagePlus labels = (ImagePlus) m.getOutput("result");
        assertEquals(volume.dim(2), labels.getStackSize());
        assertEquals(51, labels.getWidth());
        assertEquals(35, labels.getHeight());
        for (int s = 0; s < volume.dim(2); s++) {
            byte[] px = (byte[]) labels.getStack().getPixels(s + 1);
            int[] expected = truth.labelPlane(s);
            for (int i = 0; i < px.length; i++) {
                assertEquals(expected[i], px[i] & 0xff, "slice " + (s + 1) + " pixel " + i);
            }
        }
        int visited = HippocampusStack.visitedSlices(truth);
        assertEquals(visited, r.encoderRuns(), r.summary());
        assertEquals(visited, SamSession.shared().encoderRuns() - runsBefore, "the session counts the same runs");
        assertEquals(truth.encoderRuns(), r.encoderRuns());
        String summary = (String) m.getOutput("summary");
        assertTrue(summary.contains("prompted on 18") && summary.contains(visited + " slice embedding(s) computed"),
                summary);
    }

    /** A 16-bit stack of the same (integer) values is read as those values: the same label volume. */
    @Test
    void sixteenBitStackGivesTheSameLabels() throws Exception {
        ImagePlus floats = HippocampusStack.stack(volume);
        ImageStack shorts = new ImageStack(floats.getWidth(), floats.getHeight());
        for (int s = 1; s <= floats.getStackSize(); s++) {
            float[] v = (float[]) floats.getStack().getPixels(s);
            short[] px = new short[v.length];
            for (int i = 0; i < v.length; i++) {
                assertTrue(v[i] >= 0 && v[i] <= 65535 && v[i] == Math.rint(v[i]), "an unsigned 16-bit value: " + v[i]);
                px[i] = (short) v[i];
            }
            shorts.addSlice(new ShortProcessor(floats.getWidth(), floats.getHeight(), px, null));
        }
        ImagePlus imp = new ImagePlus("hippocampus_001 (16-bit)", shorts);
        imp.setSlice(START + 1);
        ImagePlus labels = (ImagePlus) segment(imp, "label image").getOutput("result");
        for (int s = 0; s < volume.dim(2); s++) {
            byte[] px = (byte[]) labels.getStack().getPixels(s + 1);
            int[] expected = truth.labelPlane(s);
            for (int i = 0; i < px.length; i++) {
                assertEquals(expected[i], px[i] & 0xff, "slice " + (s + 1) + " pixel " + i);
            }
        }
    }

    @Test
    void maskStackAndSelectionsPerSlice() throws Exception {
        ImagePlus imp = HippocampusStack.stack(volume);
        imp.setSlice(START + 1);
        ImagePlus mask = (ImagePlus) segment(imp, "binary mask").getOutput("result");
        segment(imp, "ROI Manager");
        List<Roi> rois = List.of(imp.getOverlay().toArray());
        int objectsOnSlices = 0;
        for (int s = 0; s < volume.dim(2); s++) {
            int[] expected = truth.labelPlane(s);
            byte[] px = (byte[]) mask.getStack().getPixels(s + 1);
            for (int i = 0; i < px.length; i++) {
                assertEquals(expected[i] != 0 ? 255 : 0, px[i] & 0xff, "mask slice " + (s + 1) + " pixel " + i);
            }
            for (int k = 1; k <= PROMPTS.size(); k++) {
                String name = "SAM object " + k + " (slice " + (s + 1) + ")";
                Roi roi = rois.stream().filter(x -> x.getName().equals(name)).findFirst().orElse(null);
                // each object's own mask, whole even where a higher label covers it in the label stack
                boolean[] own = truth.objects().get(k - 1).masks()[s];
                assertEquals(own != null, roi != null, name);
                if (roi != null) {
                    objectsOnSlices++;
                    assertEquals(s + 1, roi.getPosition());
                    for (int i = 0; i < own.length; i++) {
                        assertEquals(own[i], roi.containsPoint(i % 51 + 0.5, i / 51 + 0.5), name + " at " + i);
                    }
                }
            }
        }
        assertEquals(rois.size(), objectsOnSlices, "one selection per object and slice, nothing else");
    }

    @Test
    void imglib2VolumeGivesTheSameLabels() throws Exception {
        ImagePlus imp = HippocampusStack.stack(volume);
        int w = 51;
        int h = 35;
        int n = volume.dim(2);
        float[] xyz = new float[w * h * n];
        for (int s = 0; s < n; s++) {
            System.arraycopy((float[]) imp.getStack().getPixels(s + 1), 0, xyz, s * w * h, w * h);
        }
        Map<String, Object> in = Map.of("image", ArrayImgs.floats(xyz, w, h, n), "checkpoint", EngineTruth.checkpoint(),
                "config", EngineTruth.config(), "box", BOXES, "propagate", true, "slice", START, "device", "cpu",
                "threads", 1);
        CommandModule m = commands.run(SegmentImgCommand.class, true, in).get();
        @SuppressWarnings("unchecked")
        Img<UnsignedShortType> labels = (Img<UnsignedShortType>) m.getOutput("labels");
        @SuppressWarnings("unchecked")
        Img<UnsignedByteType> mask = (Img<UnsignedByteType>) m.getOutput("mask");
        assertArrayEquals(new long[] {w, h, n}, net.imglib2.util.Intervals.dimensionsAsLongArray(labels));
        Cursor<UnsignedShortType> c = labels.localizingCursor();
        net.imglib2.RandomAccess<UnsignedByteType> ma = mask.randomAccess();
        while (c.hasNext()) {
            c.fwd();
            int x = c.getIntPosition(0);
            int y = c.getIntPosition(1);
            int z = c.getIntPosition(2);
            int expected = truth.labelPlane(z)[y * w + x];
            assertEquals(expected, c.get().get(), "label at " + x + "," + y + "," + z);
            ma.setPosition(c);
            assertEquals(expected != 0 ? 255 : 0, ma.get().get());
        }
        assertEquals(HippocampusStack.visitedSlices(truth), ((SegmentImgCommand) m.getDelegateObject()).encoderRuns());
    }

    @Test
    void badRequestsAreNamed() {
        ImagePlus rgb = new ImagePlus("rgb", new ij.process.ColorProcessor(20, 20));
        ij.ImageStack st = new ij.ImageStack(20, 20);
        st.addSlice(new ij.process.ColorProcessor(20, 20));
        st.addSlice(new ij.process.ColorProcessor(20, 20));
        rgb.setStack(st);
        SegmentSettings s = new SegmentSettings();
        s.model = ModelSpec.of(EngineTruth.checkpoint().toPath(), "auto", EngineTruth.config().toPath(), "auto", "cpu", 1);
        s.propagate = true;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageSegmenter.segment(
                SamSession.shared(), rgb, PROMPTS, s, null));
        assertTrue(e.getMessage().contains("RGB stack"), e.getMessage());
        ImagePlus gray = HippocampusStack.stack(volume);
        e = assertThrows(IllegalArgumentException.class, () -> ImageSegmenter.segment(SamSession.shared(), gray,
                List.of(), s, null));
        assertTrue(e.getMessage().contains("starts from prompts on the current slice"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ImageSegmenter.segment(SamSession.shared(), gray,
                List.of(new Prompt().box(5, 5, 60, 20)), s, null));
        assertTrue(e.getMessage().contains("box 5,5,60,20 lies outside slice"), e.getMessage());
    }
}
