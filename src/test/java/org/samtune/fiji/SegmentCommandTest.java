package org.samtune.fiji;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;
import ij.process.ColorProcessor;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.Cursor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.samtune.Fixtures;
import org.samtune.io.ImageConversion;
import org.samtune.io.ImageFiles;
import org.samtune.io.IntensityMapping;
import org.samtune.predict.Prediction;
import org.samtune.predict.Prompt;
import org.samtune.predict.RgbImage;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.log.LogService;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The SciJava commands run headless from JUnit on sam-tiny: their outputs must be exactly what the
 * engine's SamPredictor gives for the same prompt (the engine itself is checked against the
 * segment-anything reference in SamPredictorParityTest; here case c is also re-checked directly).
 */
class SegmentCommandTest {
    static Context context;
    static CommandService commands;

    @BeforeAll
    static void start() {
        context = new Context(CommandService.class, LogService.class);
        commands = context.service(CommandService.class);
    }

    @AfterAll
    static void stop() {
        context.dispose();
        SamSession.disposeShared();
    }

    static ImagePlus fixtureImage() {
        return ImageFiles.open(Fixtures.file("sam-tiny/image.png"));
    }

    static Map<String, Object> inputs(ImagePlus imp, String output) {
        Map<String, Object> in = new HashMap<>();
        in.put("image", imp);
        in.put("checkpoint", EngineTruth.checkpoint());
        in.put("config", EngineTruth.config());
        in.put("architecture", "auto");
        in.put("preprocessing", "auto");
        in.put("multimask", false);
        in.put("output", output);
        in.put("slices", "current");
        in.put("intensity", "");
        in.put("boxes", "");
        in.put("points", "");
        in.put("device", "cpu");
        in.put("threads", 1);
        return in;
    }

    static ImagePlus run(Map<String, Object> in) throws Exception {
        CommandModule m = commands.run(SegmentCommand.class, true, in).get();
        return (ImagePlus) m.getOutput("result");
    }

    static RgbImage rgb(ImagePlus imp) {
        return ImageConversion.toRgb(imp, null);
    }

    @Test
    void boxParameterGivesTheEnginesMask() throws Exception {
        ImagePlus imp = fixtureImage();
        Map<String, Object> in = inputs(imp, "binary mask");
        in.put("boxes", "15,20,60,85");
        ImagePlus mask = run(in);
        Prediction truth = EngineTruth.predict(rgb(imp), List.of(new Prompt().box(15, 20, 60, 85)), false);
        assertEquals(8, mask.getBitDepth());
        assertEquals(75, mask.getWidth());
        assertEquals(100, mask.getHeight());
        byte[] expected = EngineTruth.unionMask(truth);
        assertArrayEquals(expected, (byte[]) mask.getProcessor().getPixels());
        assertTrue(EngineTruth.count(expected) > 0 && EngineTruth.count(expected) < 75 * 100, "a non-trivial mask");

        // and the reference (segment-anything) case c: same box, single mask
        try (ai.djl.ndarray.NDManager nd = ai.djl.ndarray.NDManager.newBaseManager()) {
            float[] logits = Fixtures.npz(nd, "sam-tiny/case_c.npz").get("upscaled_logits").toFloatArray();
            byte[] px = (byte[]) mask.getProcessor().getPixels();
            for (int i = 0; i < logits.length; i++) {
                if (Math.abs(logits[i]) >= 1e-4) {
                    assertEquals(logits[i] > 0 ? (byte) 255 : 0, px[i], "pixel " + i);
                }
            }
        }
    }

    @Test
    void rectangleSelectionIsTheSameBox() throws Exception {
        ImagePlus imp = fixtureImage();
        imp.setRoi(new Roi(15, 20, 46, 66)); // pixels 15..60 x 20..85
        ImagePlus mask = run(inputs(imp, "binary mask"));
        Prediction truth = EngineTruth.predict(rgb(imp), List.of(new Prompt().box(15, 20, 60, 85)), false);
        assertArrayEquals(EngineTruth.unionMask(truth), (byte[]) mask.getProcessor().getPixels());
    }

    @Test
    void roiOutputWithoutDisplayGoesToTheOverlayAndMatchesTheMasks() throws Exception {
        ImagePlus imp = fixtureImage();
        Map<String, Object> in = inputs(imp, "ROI Manager");
        in.put("boxes", "15,20,60,85;2,3,30,40");
        assertNull(run(in), "no image output for ROI output");
        Prediction truth = EngineTruth.predict(rgb(imp),
                List.of(new Prompt().box(15, 20, 60, 85), new Prompt().box(2, 3, 30, 40)), false);
        assertNotNull(imp.getOverlay(), "headless: the selections go to the overlay");
        assertEquals(2, imp.getOverlay().size());
        for (int b = 0; b < 2; b++) {
            Roi roi = imp.getOverlay().get(b);
            assertEquals("SAM object " + (b + 1), roi.getName());
            boolean[] m = truth.mask(b, 0);
            for (int y = 0; y < 100; y++) {
                for (int x = 0; x < 75; x++) {
                    assertEquals(m[y * 75 + x], roi.containsPoint(x + 0.5, y + 0.5), "object " + (b + 1) + " at " + x + "," + y);
                }
            }
        }
    }

    @Test
    void labelImageOfTwoObjectsAndMultimask() throws Exception {
        ImagePlus imp = fixtureImage();
        Map<String, Object> in = inputs(imp, "label image");
        in.put("boxes", "15,20,60,85;2,3,30,40");
        in.put("multimask", true);
        ImagePlus labels = run(in);
        Prediction truth = EngineTruth.predict(rgb(imp),
                List.of(new Prompt().box(15, 20, 60, 85), new Prompt().box(2, 3, 30, 40)), true);
        assertEquals(3, truth.masksPerObject);
        int[] expected = truth.labelImage();
        byte[] px = (byte[]) labels.getProcessor().getPixels();
        boolean sawTwo = false;
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], px[i] & 0xff, "label at " + i);
            sawTwo |= expected[i] == 2;
        }
        assertTrue(sawTwo, "the second object is visible");
    }

    @Test
    void mixedPromptKindsAreDecodedInGroupsAndKeepTheirOrder() {
        ImagePlus imp = fixtureImage();
        Prompt box = new Prompt().box(15, 20, 60, 85);
        Prompt points = new Prompt().addPoint(40, 55, 1).addPoint(20, 30, 0);
        SamSession session = SamSession.shared();
        ModelSpec spec = ModelSpec.of(EngineTruth.checkpoint().toPath(), "auto", EngineTruth.config().toPath(), "auto", "cpu", 1);
        Prediction both = session.predict(spec, rgb(imp), List.of(points, box), false, null);
        Prediction p0 = EngineTruth.predict(rgb(imp), List.of(points), false);
        Prediction p1 = EngineTruth.predict(rgb(imp), List.of(box), false);
        assertEquals(2, both.objects);
        assertArrayEquals(p0.upscaled(0, 0), both.upscaled(0, 0));
        assertArrayEquals(p1.upscaled(0, 0), both.upscaled(1, 0));
        assertArrayEquals(p0.lowRes(0, 0), both.lowRes(0, 0));
        assertArrayEquals(p1.lowRes(0, 0), both.lowRes(1, 0));
        assertEquals(p0.iou(0, 0), both.iou(0, 0));
        assertEquals(p1.iou(0, 0), both.iou(1, 0));
    }

    @Test
    void sessionKeepsTheModelUntilTheSpecChanges() throws Exception {
        ImagePlus imp = fixtureImage();
        Map<String, Object> in = inputs(imp, "binary mask");
        in.put("points", "40,55,1");
        run(in);
        int loads = SamSession.shared().loadCount();
        run(in);
        assertEquals(loads, SamSession.shared().loadCount(), "same checkpoint and options: no re-load");
        in.put("preprocessing", "finetune-sam");
        run(in);
        assertEquals(loads + 1, SamSession.shared().loadCount(), "other preprocessing: re-loaded");
    }

    @Test
    void allSlicesOfAStackWithTheSamePrompt() throws Exception {
        ImagePlus one = fixtureImage();
        ColorProcessor inverted = (ColorProcessor) one.getProcessor().duplicate();
        inverted.invert();
        ImageStack stack = new ImageStack(75, 100);
        stack.addSlice(one.getProcessor());
        stack.addSlice(inverted);
        ImagePlus imp = new ImagePlus("stack", stack);
        Map<String, Object> in = inputs(imp, "binary mask");
        in.put("boxes", "15,20,60,85");
        in.put("slices", "all");
        ImagePlus mask = run(in);
        assertEquals(2, mask.getStackSize());
        for (int s = 1; s <= 2; s++) {
            RgbImage plane = ImageConversion.toRgb(stack.getProcessor(s), 24, null);
            Prediction truth = EngineTruth.predict(plane, List.of(new Prompt().box(15, 20, 60, 85)), false);
            assertArrayEquals(EngineTruth.unionMask(truth), (byte[]) mask.getStack().getPixels(s), "slice " + s);
        }
        // current slice only
        imp.setSlice(2);
        in.put("slices", "current");
        ImagePlus current = run(in);
        assertEquals(1, current.getStackSize());
        assertArrayEquals((byte[]) mask.getStack().getPixels(2), (byte[]) current.getProcessor().getPixels());
    }

    @Test
    void imglib2CommandOnRgbAndOnFloatData() throws Exception {
        ImagePlus imp = fixtureImage();
        RgbImage rgb = rgb(imp);
        // planar R, G, B as an (X, Y, 3) image
        ArrayImg<UnsignedByteType, ?> img = ArrayImgs.unsignedBytes(75, 100, 3);
        Cursor<UnsignedByteType> c = img.localizingCursor();
        while (c.hasNext()) {
            c.fwd();
            c.get().set(rgb.get(c.getIntPosition(0), c.getIntPosition(1), c.getIntPosition(2)));
        }
        Map<String, Object> in = new HashMap<>();
        in.put("image", img);
        in.put("checkpoint", EngineTruth.checkpoint());
        in.put("config", EngineTruth.config());
        in.put("box", "15,20,60,85");
        in.put("points", "40,55,1");
        in.put("device", "cpu");
        in.put("threads", 1);
        @SuppressWarnings("unchecked")
        Img<UnsignedByteType> mask = (Img<UnsignedByteType>) commands.run(SegmentImgCommand.class, true, in).get().getOutput("mask");
        Prediction truth = EngineTruth.predict(rgb, List.of(new Prompt().box(15, 20, 60, 85).addPoint(40, 55, 1)), false);
        assertArrayEquals(EngineTruth.unionMask(truth), pixels(mask));

        // a float plane, read in place and min-max scaled
        float[] gray = new float[75 * 100];
        for (int i = 0; i < gray.length; i++) {
            gray[i] = 1000f + 3.5f * rgb.get(i % 75, i / 75, 1) - 0.25f * (i % 75);
        }
        ArrayImg<FloatType, FloatArray> fimg = ArrayImgs.floats(gray, 75, 100);
        assertSame(gray, ImgPlanes.storage(fimg), "float data is used without a copy");
        in.put("image", fimg);
        in.put("points", "");
        @SuppressWarnings("unchecked")
        Img<UnsignedByteType> fmask = (Img<UnsignedByteType>) commands.run(SegmentImgCommand.class, true, in).get().getOutput("mask");
        Prediction ftruth = EngineTruth.predict(IntensityMapping.minMax().toRgb(gray, 75, 100),
                List.of(new Prompt().box(15, 20, 60, 85)), false);
        assertArrayEquals(EngineTruth.unionMask(ftruth), pixels(fmask));
    }

    @Test
    void interactiveCommandTakesTheSharedModelParametersAndNeedsAWindow() throws Exception {
        Map<String, Object> in = new HashMap<>();
        in.put("image", fixtureImage()); // never shown: headless
        in.put("checkpoint", EngineTruth.checkpoint());
        in.put("config", EngineTruth.config());
        in.put("preprocessing", "finetune-sam");
        in.put("intensity", "ct:lung");
        in.put("multimask", true);
        in.put("commit", "label image");
        in.put("device", "cpu");
        in.put("threads", 1);
        CommandModule m = commands.run(InteractiveSegmentCommand.class, true, in).get();
        String summary = (String) m.getOutput("summary");
        assertEquals("error: Interactive Segment needs an image shown in a window: open one first", summary);
        SegmentSettings s = ((InteractiveSegmentCommand) m.getDelegateObject()).settings();
        assertEquals(ModelSpec.of(EngineTruth.checkpoint().toPath(), "auto", EngineTruth.config().toPath(), "finetune-sam",
                "cpu", 1), s.model);
        assertEquals("ct:lung", s.intensity.spec());
        assertTrue(s.multimask);
    }

    static byte[] pixels(Img<UnsignedByteType> img) {
        assertEquals(2, img.numDimensions());
        byte[] out = new byte[(int) (img.dimension(0) * img.dimension(1))];
        Cursor<UnsignedByteType> c = img.localizingCursor();
        while (c.hasNext()) {
            c.fwd();
            out[c.getIntPosition(1) * (int) img.dimension(0) + c.getIntPosition(0)] = (byte) c.get().get();
        }
        return out;
    }
}
