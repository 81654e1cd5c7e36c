package org.samtune.fiji.ij1;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ImageProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.samtune.Fixtures;
import org.samtune.fiji.EngineTruth;
import org.samtune.fiji.SamSession;
import org.samtune.fiji.gui.GuiDriver;
import org.samtune.fiji.gui.XvfbDisplay;
import org.samtune.io.ImageConversion;
import org.samtune.io.ImageFiles;
import org.samtune.predict.Prediction;
import org.samtune.predict.Prompt;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The dialogs and the Interactive Segment tool in a real ImageJ 1.x with the packaged plugin, on an
 * X display (a private Xvfb when DISPLAY is unset), driven by {@link GuiDriver} with synthetic events
 * on the real ImageCanvas. Every mask the tool shows or commits must be the engine's for the same
 * prompts on the same plane.
 */
class InteractiveGuiIT {
    static ImageJInstall install;
    static XvfbDisplay display;
    static Path out;
    static ImagePlus stack;
    static Map<String, String> results;
    static ImageJInstall.Run run;

    @BeforeAll
    static void drive() throws Exception {
        install = new ImageJInstall("gui");
        display = XvfbDisplay.start();
        ImageProcessor first = ImageFiles.open(Fixtures.file("sam-tiny/image.png")).getProcessor();
        ImageProcessor second = first.duplicate();
        second.flipHorizontal();
        ImageStack s = new ImageStack(first.getWidth(), first.getHeight());
        s.addSlice(first);
        s.addSlice(second);
        stack = new ImagePlus("two-planes", s);
        Path tiff = install.root.resolve("two-planes.tif");
        assertTrue(ij.IJ.saveAsTiff(stack, tiff.toString()));
        out = install.root.resolve("gui-out");
        Map<String, String> props = new LinkedHashMap<>();
        props.put("samtune.gui.out", out.toString());
        props.put("samtune.gui.image", tiff.toString());
        props.put("samtune.gui.mode", "test");
        props.put("samtune.gui.model", "checkpoint=[" + EngineTruth.checkpoint() + "] config=[" + EngineTruth.config()
                + "] device=cpu threads=1");
        if (System.getProperty("samtune.gui.dialogs") != null) { // while debugging: only these dialogs
            props.put("samtune.gui.dialogs", System.getProperty("samtune.gui.dialogs"));
        }
        run = install.runJava(GuiDriver.class.getName(), props, display.display);
        results = new LinkedHashMap<>();
        Path file = out.resolve("results.txt");
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                int eq = line.indexOf(" = ");
                results.put(line.substring(0, eq), line.substring(eq + 3));
            }
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (display != null) {
            display.close();
        }
        SamSession.disposeShared();
    }

    static String result(String key) {
        assertTrue(results.containsKey(key), "the GUI run reported no '" + key + "': " + run);
        return results.get(key);
    }

    static boolean[] truth(int slice, Prompt prompt) {
        Prediction p = EngineTruth.predict(ImageConversion.toRgb(stack.getStack().getProcessor(slice), stack.getBitDepth(), null),
                List.of(prompt), false);
        return p.mask(0, p.bestMask(0));
    }

    static void assertMask(boolean[] expected, String name) throws IOException {
        BufferedImage img = ImageIO.read(out.resolve(name + ".png").toFile());
        assertNotNull(img, name + ".png was written: " + run);
        int w = stack.getWidth();
        int[] px = new int[expected.length];
        img.getRaster().getPixels(0, 0, w, stack.getHeight(), px);
        int on = 0;
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], px[i] != 0, name + ": pixel " + (i % w) + "," + (i / w));
            on += expected[i] ? 1 : 0;
        }
        assertTrue(on > 0, name + ": the engine's mask is not empty");
    }

    @Test
    void theRunFinished() {
        assertEquals(0, run.exitCode, run.toString());
        assertEquals("ok", result("done"));
        assertFalse(run.output.contains("Exception"), run.toString());
    }

    @Test
    void eachDialogShowsItsFieldsAndCancels() {
        String segment = result("dialog.SAM Tune Segment");
        for (String field : List.of("Checkpoint", "Architecture", "Architecture file (optional)", "Preprocessing", "Device",
                "CPU threads (0 = all cores)", "[x] Multimask output (best of 3 masks)", "Output", "Slices", "Intensity mapping (empty = the model's)",
                "(OK)", "(Cancel)")) {
            assertTrue(segment.contains(field), "Segment dialog has '" + field + "': " + segment);
        }
        String interactive = result("dialog.SAM Tune Interactive Segment");
        for (String field : List.of("Checkpoint", "Architecture", "Preprocessing", "Device", "Commit objects to", "<ROI Manager>",
                "alt/shift-click: negative point", "Enter: commit the object")) {
            assertTrue(interactive.contains(field), "Interactive dialog has '" + field + "': " + interactive);
        }
        String models = result("dialog.SAM Tune Models");
        assertTrue(models.contains("Model folder") && models.contains("Download") && models.contains("<none>"), models);
        String finetune = result("dialog.SAM Tune Fine-tune");
        for (String field : List.of("Training data", "Validation data", "Checkpoint", "Method", "<lora>", "Components",
                "Prompt", "Epochs", "Output folder")) {
            assertTrue(finetune.contains(field), "Fine-tune dialog has '" + field + "': " + finetune);
        }
        String evaluate = result("dialog.SAM Tune Evaluate");
        for (String field : List.of("Checkpoints", "Data", "Prompt", "<box>", "Output folder")) {
            assertTrue(evaluate.contains(field), "Evaluate dialog has '" + field + "': " + evaluate);
        }
        for (String command : GuiDriver.DIALOGS) {
            assertEquals("true", result("cancelled." + command), command + " cancels cleanly");
        }
        assertFalse(run.output.contains("SAM Tune Segment: "), "cancelling reports no error: " + run);
    }

    @Test
    void clicksShowTheEnginesMaskAndUndoGoesBack() throws IOException {
        boolean[] click = truth(1, new Prompt().addPoint(40, 55, 1));
        assertMask(click, "click");
        assertMask(truth(1, new Prompt().addPoint(40, 55, 1).addPoint(20, 30, 0)), "shift-click");
        assertMask(click, "undo");
        assertMask(truth(1, new Prompt().box(15, 20, 60, 85)), "box");
    }

    @Test
    void enterCommitsToTheRoiManagerAndTheLabelImage() throws IOException {
        boolean[] click = truth(1, new Prompt().addPoint(40, 55, 1));
        assertEquals("SAM object 1 (slice 1)", result("roi.1"));
        assertMask(click, "roi1");
        assertEquals("SAM object 2 (slice 2)", result("roi.2"));
        assertEquals("2", result("roi.2.position"));
        assertEquals("16", result("labels.bitDepth"));
        assertEquals("2", result("labels.slices"));
        BufferedImage l1 = ImageIO.read(out.resolve("labels-1.png").toFile());
        BufferedImage l2 = ImageIO.read(out.resolve("labels-2.png").toFile());
        boolean[] slice2 = truth(2, new Prompt().addPoint(40, 55, 1));
        int w = stack.getWidth();
        for (int i = 0; i < click.length; i++) {
            assertEquals(click[i] ? 1 : 0, l1.getRaster().getSample(i % w, i / w, 0), "label, slice 1, pixel " + i);
            assertEquals(slice2[i] ? 2 : 0, l2.getRaster().getSample(i % w, i / w, 0), "label, slice 2, pixel " + i);
        }
    }

    @Test
    void escapeClearsAndSliceChangeStartsAfresh() throws IOException {
        assertEquals("1", result("escape.objects"), "Escape keeps committed objects");
        assertEquals("true", result("escape.imageOpen"));
        assertMask(truth(2, new Prompt().addPoint(40, 55, 1)), "slice2");
        assertEquals("ok", result("back.slice1"));
    }
}
