package org.samtune.fiji.ij1;

import org.samtune.predict.PromptText;

import ij.ImagePlus;
import ij.plugin.frame.Recorder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samtune.Fixtures;
import org.samtune.fiji.EngineTruth;
import org.samtune.fiji.OutputKind;
import org.samtune.fiji.RoiPrompts;
import org.samtune.fiji.SamSession;
import org.samtune.io.ImageConversion;
import org.samtune.io.ImageFiles;
import org.samtune.predict.Prediction;
import org.samtune.predict.Prompt;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The ImageJ 1.x front-end's option handling, recording and static entry point, in-process. */
class SegmentPluginTest {
    @TempDir
    Path tmp;

    @AfterAll
    static void free() {
        SamSession.disposeShared();
    }

    @Test
    void macroOptionsWithBracketsFlagsAndSpaces() {
        MacroOptions o = new MacroOptions("checkpoint=[/a b/sam.pth] multimask output=roi  threads=2 box=1,2,3,4 ");
        assertEquals("/a b/sam.pth", o.get("checkpoint", null));
        assertTrue(o.has("multimask"));
        assertEquals("", o.get("multimask", null));
        assertEquals("roi", o.get("output", null));
        assertEquals(2, o.getInt("threads", 0));
        assertEquals("1,2,3,4", o.get("box", null));
        assertFalse(o.has("arch"));
        assertThrows(IllegalArgumentException.class, () -> new MacroOptions("checkpoint=[/a"));
        assertThrows(IllegalArgumentException.class, () -> new MacroOptions("threads=two").getInt("threads", 0));
    }

    @Test
    void requestParsesAndWritesBackTheSameOptions() {
        SegmentRequest r = SegmentRequest.parse("checkpoint=[/m/my model.pth] arch=vit_b config=[/m/a.json] preprocess=finetune-sam"
                + " multimask output=labels slices=all intensity=percentile:1,99 boxes=[1,2,30,40;5,6,70,80] device=cpu threads=3 save=[/o/x.png]");
        assertEquals("/m/my model.pth", r.checkpoint);
        assertEquals("vit_b", r.arch);
        assertEquals(OutputKind.LABELS, r.output);
        assertTrue(r.multimask);
        assertTrue(r.allSlices);
        assertEquals("1,2,30,40;5,6,70,80", r.boxes);
        assertEquals(3, r.threads);
        SegmentRequest back = SegmentRequest.parse(r.toOptions());
        assertEquals(r.toOptions(), back.toOptions());
        assertEquals("checkpoint=[/m/my model.pth] arch=vit_b config=/m/a.json preprocess=finetune-sam multimask output=labels"
                + " slices=all intensity=percentile:1,99 boxes=1,2,30,40;5,6,70,80 device=cpu threads=3 save=/o/x.png", r.toOptions());

        // 3-D propagation: the flag or slices=propagate, recorded as the flag
        SegmentRequest prop = SegmentRequest.parse("checkpoint=/m.pth box=1,2,30,40 propagate");
        assertTrue(prop.propagate);
        assertFalse(prop.allSlices);
        assertEquals("checkpoint=/m.pth output=mask propagate box=1,2,30,40", prop.toOptions());
        assertTrue(SegmentRequest.parse("checkpoint=/m.pth slices=propagate").propagate);

        SegmentRequest single = SegmentRequest.parse("checkpoint=/m.pth box=1,2,30,40 point=5,6,0 points=[7,8,1]");
        assertEquals("1,2,30,40", single.boxes);
        assertEquals("5,6,0;7,8,1", single.points);
        assertEquals(OutputKind.MASK, single.output);
        assertFalse(single.multimask);

        assertThrows(IllegalArgumentException.class, () -> SegmentRequest.parse("checkpoint=/m.pth ouput=mask"), "typo in a key");
        assertThrows(IllegalArgumentException.class, () -> SegmentRequest.parse("checkpoint=/m.pth output=masks"));
        assertThrows(IllegalArgumentException.class, () -> SegmentRequest.parse("checkpoint=/m.pth slices=some"));
    }

    @Test
    void recordsItselfWithTheSelectionAsPromptText() {
        boolean was = Recorder.record;
        Recorder.record = true;
        Recorder.resetCommandOptions();
        try {
            SegmentRequest r = SegmentRequest.parse("checkpoint=[/m/my model.pth] output=roi device=cpu");
            List<Prompt> prompts = RoiPrompts.fromRoi(new ij.gui.Roi(15, 20, 46, 66));
            SegmentPlugin.record(r, prompts);
            String recorded = Recorder.getCommandOptions();
            assertEquals("checkpoint=[/m/my model.pth] output=roi box=15,20,60,85 device=cpu", recorded);
            SegmentRequest replay = SegmentRequest.parse(recorded);
            assertEquals("15,20,60,85", replay.boxes);
            assertEquals(OutputKind.ROI, replay.output);
        } finally {
            Recorder.resetCommandOptions();
            Recorder.record = was;
        }
    }

    @Test
    void staticEntryForCallSavesTheEnginesMask() throws Exception {
        Path out = tmp.resolve("mask.png");
        String image = Fixtures.file("sam-tiny/image.png").toAbsolutePath().toString();
        String result = SegmentPlugin.segment("image=[" + image + "] checkpoint=[" + EngineTruth.checkpoint() + "] config=["
                + EngineTruth.config() + "] box=15,20,60,85 point=40,55,1 device=cpu threads=1 save=[" + out + "]");
        assertTrue(result.startsWith("slice 1 object 1:"), result);
        ImagePlus imp = ImageFiles.open(Path.of(image));
        Prediction truth = EngineTruth.predict(ImageConversion.toRgb(imp, null),
                List.of(new Prompt().box(15, 20, 60, 85).addPoint(40, 55, 1)), false);
        byte[] expected = EngineTruth.unionMask(truth);
        BufferedImage png = ImageIO.read(out.toFile());
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i] & 0xff, png.getRaster().getSample(i % 75, i / 75, 0), "pixel " + i);
        }

        String error = SegmentPlugin.segment("image=[" + image + "] checkpoint=[" + tmp.resolve("missing.pth") + "] box=1,2,3,4");
        assertTrue(error.startsWith("error:") && error.contains("missing.pth"), error);
        assertFalse(Files.exists(tmp.resolve("missing.png")));
        String badBox = SegmentPlugin.segment("image=[" + image + "] checkpoint=[" + EngineTruth.checkpoint() + "] config=["
                + EngineTruth.config() + "] box=500,500,600,600 device=cpu");
        assertTrue(badBox.startsWith("error:") && badBox.contains("outside"), badBox);
    }
}
