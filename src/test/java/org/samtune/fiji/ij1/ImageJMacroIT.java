package org.samtune.fiji.ij1;

import ij.ImagePlus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samtune.Fixtures;
import org.samtune.fiji.EngineTruth;
import org.samtune.fiji.SamSession;
import org.samtune.io.ImageConversion;
import org.samtune.io.ImageFiles;
import org.samtune.predict.Prediction;
import org.samtune.predict.Prompt;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The packaged plugin in a real ImageJ 1.x, run by macros in a separate JVM without a display:
 * run("SAM Tune Segment", ...) with java.awt.headless=false (menus work, no dialog may open), and
 * call(...) with java.awt.headless=true. The saved masks must be the engine's.
 */
class ImageJMacroIT {
    @TempDir
    static Path tmp;
    static ImageJInstall install;
    static Path image;
    /** The fixture as TIFF: without a display ImageJ cannot open PNG/JPEG (it waits on an AWT image). */
    static Path tiff;
    static byte[] boxMask;      // engine: box (15,20,60,85)
    static byte[] boxPointMask; // engine: box + positive point (40,55)

    @BeforeAll
    static void install() throws IOException {
        install = new ImageJInstall("macro");
        image = Fixtures.file("sam-tiny/image.png").toAbsolutePath();
        ImagePlus imp = ImageFiles.open(image);
        tiff = tmp.resolve("image.tif");
        assertTrue(ij.IJ.saveAsTiff(imp, tiff.toString()));
        boxMask = expected(imp, new Prompt().box(15, 20, 60, 85));
        boxPointMask = expected(imp, new Prompt().box(15, 20, 60, 85).addPoint(40, 55, 1));
    }

    @AfterAll
    static void free() {
        SamSession.disposeShared();
    }

    static byte[] expected(ImagePlus imp, Prompt prompt) {
        Prediction p = EngineTruth.predict(ImageConversion.toRgb(imp, null), List.of(prompt), false);
        return EngineTruth.unionMask(p);
    }

    static String model() {
        return "checkpoint=[" + ImageJInstall.lit(EngineTruth.checkpoint().toPath()) + "] config=["
                + ImageJInstall.lit(EngineTruth.config().toPath()) + "] device=cpu threads=1";
    }

    static void assertMask(byte[] expected, Path png) throws IOException {
        assertTrue(Files.exists(png), png + " was written");
        int[] px = new int[expected.length];
        if (png.toString().endsWith(".png")) {
            BufferedImage img = ImageIO.read(png.toFile());
            assertEquals(75, img.getWidth());
            assertEquals(100, img.getHeight());
            img.getRaster().getPixels(0, 0, 75, 100, px);
        } else {
            ImagePlus imp = ij.IJ.openImage(png.toString());
            assertEquals(8, imp.getBitDepth());
            assertEquals(75, imp.getWidth());
            assertEquals(100, imp.getHeight());
            byte[] b = (byte[]) imp.getProcessor().getPixels();
            for (int i = 0; i < b.length; i++) {
                px[i] = b[i] & 0xff;
            }
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i] & 0xff, px[i], "pixel " + (i % 75) + "," + (i / 75));
        }
    }

    @Test
    void runFromAMacroWithoutDisplay() throws Exception {
        Path out1 = tmp.resolve("run-box.png");
        Path out2 = tmp.resolve("run-selection.tif");
        // saveAs() of ImageJ itself fails without a display (it notifies AWT listeners), so save= writes the result
        String macro = "open(\"" + ImageJInstall.lit(tiff) + "\");\n"
                + "id = getImageID();\n"
                + "run(\"SAM Tune Segment\", \"" + model() + " box=15,20,60,85 save=[" + ImageJInstall.lit(out1) + "]\");\n"
                + "print(\"SAMTUNE_TITLE \" + getTitle() + \" \" + bitDepth() + \" \" + nImages);\n"
                + "selectImage(id);\n"
                + "makeRectangle(15, 20, 46, 66);\n"
                + "run(\"SAM Tune Segment\", \"" + model() + " points=[40,55,1] save=[" + ImageJInstall.lit(out2) + "]\");\n"
                + "print(\"SAMTUNE_DONE \" + nImages);\n";
        ImageJInstall.Run run = install.runMacro(macro, false, null);
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.output.contains("SAMTUNE_TITLE image-sam-mask 8 2"), "the mask is the current image: " + run);
        assertTrue(run.output.contains("slice 1 object 1: mask 1 of 1"), run.toString());
        assertTrue(run.output.contains("SAMTUNE_DONE 3"), run.toString());
        assertMask(boxMask, out1);
        // text prompts win over the selection: points only
        Prediction pointsOnly = EngineTruth.predict(ImageConversion.toRgb(ImageFiles.open(image), null),
                List.of(new Prompt().addPoint(40, 55, 1)), false);
        assertMask(EngineTruth.unionMask(pointsOnly), out2);
    }

    @Test
    void propagateThroughAStackFromAMacro() throws Exception {
        // the hippocampus volume as a 32-bit TIFF stack, boxes on slice 18 (z = 17), 3-D propagation
        org.samtune.io.NiftiImage volume = org.samtune.fiji.HippocampusStack.volume();
        Path stack = tmp.resolve("hippocampus.tif");
        assertTrue(ij.IJ.saveAsTiff(org.samtune.fiji.HippocampusStack.stack(volume), stack.toString()));
        Path out = tmp.resolve("hippocampus-labels.tif");
        String macro = "open(\"" + ImageJInstall.lit(stack) + "\");\n"
                + "setSlice(18);\n"
                + "run(\"SAM Tune Segment\", \"" + model() + " boxes=[5,5,25,20;10,3,45,32] output=labels propagate save=["
                + ImageJInstall.lit(out) + "]\");\n"
                + "print(\"SAMTUNE_DONE \" + getTitle() + \" \" + nSlices);\n";
        ImageJInstall.Run run = install.runMacro(macro, false, null);
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.output.contains("SAMTUNE_DONE hippocampus-sam-labels 35"), run.toString());
        org.samtune.engine.VolumeSegmentJob.Result truth = org.samtune.fiji.HippocampusStack.truth(volume, 17,
                List.of(new Prompt().box(5, 5, 25, 20), new Prompt().box(10, 3, 45, 32)),
                org.samtune.io.IntensityMapping.auto());
        assertTrue(run.output.contains(truth.encoderRuns() + " slice embedding(s) computed"), run.toString());
        ImagePlus labels = ij.IJ.openImage(out.toString());
        assertEquals(35, labels.getStackSize());
        int labelled = 0;
        for (int s = 0; s < 35; s++) {
            byte[] px = (byte[]) labels.getStack().getPixels(s + 1);
            int[] expected = truth.labelPlane(s);
            boolean any = false;
            for (int i = 0; i < px.length; i++) {
                assertEquals(expected[i], px[i] & 0xff, "slice " + (s + 1) + " pixel " + i);
                any |= px[i] != 0;
            }
            labelled += any ? 1 : 0;
        }
        assertTrue(labelled >= 3, "labels on several slices: " + labelled);
    }

    @Test
    void rectangleSelectionFromAMacro() throws Exception {
        Path out = tmp.resolve("selection.png");
        String macro = "open(\"" + ImageJInstall.lit(tiff) + "\");\n"
                + "makeRectangle(15, 20, 46, 66);\n"
                + "run(\"SAM Tune Segment\", \"" + model() + " output=mask save=[" + ImageJInstall.lit(out) + "]\");\n"
                + "print(\"SAMTUNE_DONE\");\n";
        ImageJInstall.Run run = install.runMacro(macro, false, null);
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.output.contains("SAMTUNE_DONE"), run.toString());
        assertMask(boxMask, out);
    }

    @Test
    void errorsAreLoggedAndStopTheMacro() throws Exception {
        String macro = "open(\"" + ImageJInstall.lit(tiff) + "\");\n"
                + "run(\"SAM Tune Segment\", \"checkpoint=[" + ImageJInstall.lit(tmp.resolve("missing.pth")) + "] box=1,2,30,40\");\n"
                + "print(\"SAMTUNE_NOT_REACHED\");\n";
        ImageJInstall.Run run = install.runMacro(macro, false, null);
        assertTrue(run.output.contains("SAM Tune Segment: Checkpoint"), run.toString());
        assertTrue(run.output.contains("missing.pth"), run.toString());
        assertFalse(run.output.contains("SAMTUNE_NOT_REACHED"), run.toString());
    }

    @Test
    void callWithHeadlessTrue() throws Exception {
        Path out = tmp.resolve("call.png");
        Path models = tmp.resolve("models");
        Files.createDirectories(models);
        Files.copy(EngineTruth.checkpoint().toPath(), models.resolve("tiny.pth"));
        String macro = "r = call(\"org.samtune.fiji.ij1.SegmentPlugin.segment\", \"image=[" + ImageJInstall.lit(image) + "] "
                + model() + " box=15,20,60,85 point=40,55,1 save=[" + ImageJInstall.lit(out) + "]\");\n"
                + "print(\"SAMTUNE_CALL \" + r);\n"
                + "m = call(\"org.samtune.fiji.ij1.ModelsPlugin.models\", \"folder=[" + ImageJInstall.lit(models) + "]\");\n"
                + "print(m);\n";
        ImageJInstall.Run run = install.runMacro(macro, true, null);
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.output.contains("SAMTUNE_CALL slice 1 object 1: mask 1 of 1"), run.toString());
        assertTrue(run.output.contains("tiny.pth: custom, plain SAM weights"), run.toString());
        assertTrue(run.output.contains("sam_vit_b: Segment Anything ViT-B"), run.toString());
        assertMask(boxPointMask, out);
    }

    @Test
    void fineTuneAndEvaluateFromAMacro() throws Exception {
        // 1 epoch of the small built-in architecture from scratch on the 5-shot set, then its evaluation
        Path data = Path.of("src/test/resources/datasets/mri-prostate");
        Path train = data.resolve("MRI-Prostate/train_5shot.csv");
        Path val = data.resolve("MRI-Prostate/val_5shot.csv");
        Path run1 = tmp.resolve("macro-run");
        Path eval = tmp.resolve("macro-eval");
        Path arch = tmp.resolve("trained-arch.json");
        Path small = Path.of(org.samtune.engine.DemoJob.SMALL_ARCHITECTURE);
        Files.writeString(arch, Files.readString(small).replace("\"num_multimask_outputs\": 3",
                "\"num_multimask_outputs\": 2, \"finetune_sam_block_order\": true"));
        String roots = " image_root=[" + ImageJInstall.lit(data) + "] mask_root=[" + ImageJInstall.lit(data) + "]";
        // call() with java.awt.headless=true (charts drawn); with headless=false and no X server see compareStrategies
        String macro = "r = call(\"org.samtune.fiji.ij1.FineTunePlugin.finetune\", \"train=[" + ImageJInstall.lit(train)
                + "] val=[" + ImageJInstall.lit(val) + "]" + roots + " scratch config=[" + ImageJInstall.lit(small)
                + "] method=vanilla components=encoder+decoder prompt=box epochs=1 batch=4 warmup=0 val_every=1"
                + " intensity=ct:soft-tissue out=["
                + ImageJInstall.lit(run1) + "] device=cpu threads=1\");\n"
                + "print(\"SAMTUNE_FT \" + r);\n"
                + "e = call(\"org.samtune.fiji.ij1.EvaluatePlugin.evaluate\", \"checkpoint=["
                + ImageJInstall.lit(run1.resolve("checkpoint_best.pth")) + "] config=[" + ImageJInstall.lit(arch)
                + "] preprocess=finetune-sam data=[" + ImageJInstall.lit(val) + "]" + roots + " prompt=box classes=2 out=["
                + ImageJInstall.lit(eval) + "] device=cpu threads=1\");\n"
                + "print(\"SAMTUNE_EV \" + e);\n"
                + "print(\"SAMTUNE_DONE\");\n";
        ImageJInstall.Run run = install.runMacro(macro, true, null);
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.output.contains("SAMTUNE_FT finetune: 1 epochs, 2 iterations"), run.toString());
        assertTrue(run.output.contains("SAMTUNE_EV checkpoint_best class 1 (slice): Dice"), run.toString());
        assertTrue(run.output.contains("SAMTUNE_DONE"), run.toString());
        assertTrue(Files.size(run1.resolve("checkpoint_best.pth")) > 0);
        // the macro's intensity is recorded with the model
        assertTrue(Files.readString(run1.resolve("sam_config.json")).contains("\"samtune_intensity\": \"ct:soft-tissue\""));
        assertEquals(6, Files.readAllLines(eval.resolve("metrics.csv")).size(), "header + one row per validation image");
        assertTrue(Files.size(eval.resolve("dice_boxplot.png")) > 0);
    }

    @Test
    void compareStrategiesFromAMacroWithoutDisplay() throws Exception {
        // run(...) with java.awt.headless=false and no X server: study.png and the evaluation's box plot are drawn by
        // the pure-Java renderer; study.csv arrives in the Results table
        Path data = Path.of("src/test/resources/datasets/mri-prostate");
        Path train = data.resolve("MRI-Prostate/train_5shot.csv");
        Path val = data.resolve("MRI-Prostate/val_5shot.csv");
        Path study = tmp.resolve("macro-study");
        String macro = "run(\"SAM Tune Compare Strategies\", \"train=[" + ImageJInstall.lit(train) + "] val=["
                + ImageJInstall.lit(val) + "] test=[" + ImageJInstall.lit(val) + "] image_root=[" + ImageJInstall.lit(data)
                + "] mask_root=[" + ImageJInstall.lit(data) + "] strategies=[base:vanilla:decoder,base:lora:decoder] scratch config=["
                + ImageJInstall.lit(EngineTruth.config().toPath()) + "] blocks=0,1 prompt=box epochs=1 batch=2 warmup=0 "
                + "val_every=1 seed=3 bootstrap=100 out=[" + ImageJInstall.lit(study) + "] device=cpu threads=1\");\n"
                + "for (i = 0; i < nResults; i++) print(\"SAMTUNE_ROW \" + getResultString(\"strategy\", i) + \" \" "
                + "+ getResultString(\"status\", i) + \" \" + d2s(getResult(\"class1_dice_mean\", i), 6));\n"
                + "print(\"SAMTUNE_DONE \" + nResults);\n";
        ImageJInstall.Run run = install.runMacro(macro, false, null);
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.output.contains("SAMTUNE_DONE 2"), run.toString());
        List<org.samtune.engine.StudyTable.Row> rows = org.samtune.engine.StudyTable.read(study.resolve("study.csv"));
        assertEquals(2, rows.size());
        for (org.samtune.engine.StudyTable.Row r : rows) {
            assertEquals("ok", r.status(), r.error());
            assertTrue(run.output.contains(String.format(java.util.Locale.ROOT, "SAMTUNE_ROW %s ok %.6f", r.strategy(),
                    r.dice().get(1).mean())), r + "\n" + run);
        }
        assertTrue(Files.size(study.resolve("evaluation/metrics.csv")) > 0);
        // the charts are drawn without Java2D
        assertTrue(run.output.contains("note: Java2D cannot draw in this JVM"), run.toString());
        java.awt.image.BufferedImage chart = javax.imageio.ImageIO.read(study.resolve("study.png").toFile());
        assertTrue(chart.getWidth() > 300 && chart.getHeight() > 100, run.toString());
        assertTrue(Files.size(study.resolve("evaluation/dice_boxplot.png")) > 0);
    }
}
