package org.samtune.fiji.interactive;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;
import ij.process.ImageProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.samtune.Fixtures;
import org.samtune.fiji.EngineTruth;
import org.samtune.fiji.MaskOutputs;
import org.samtune.fiji.ModelSpec;
import org.samtune.fiji.SamSession;
import org.samtune.fiji.SegmentSettings;
import org.samtune.io.ImageConversion;
import org.samtune.io.ImageFiles;
import org.samtune.predict.Prediction;
import org.samtune.predict.Prompt;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The interaction state on sam-tiny, without a display: event sequences give the prompts the engine
 * receives, and the masks are SamPredictor's own for those prompts (a freshly loaded model, {@link EngineTruth}).
 */
class InteractiveSegmentationTest {
    static ImagePlus stack;
    SamSession session;
    StackSegmenter engine;
    final List<String> sent = new ArrayList<>();
    InteractiveSegmentation state;

    @BeforeAll
    static void image() {
        ImageProcessor first = ImageFiles.open(Fixtures.file("sam-tiny/image.png")).getProcessor();
        ImageProcessor second = first.duplicate();
        second.flipHorizontal();
        ImageStack s = new ImageStack(first.getWidth(), first.getHeight());
        s.addSlice(first);
        s.addSlice(second);
        stack = new ImagePlus("two planes", s);
    }

    @BeforeEach
    void start() {
        session = new SamSession();
        SegmentSettings settings = new SegmentSettings();
        settings.model = ModelSpec.of(EngineTruth.checkpoint().toPath(), "auto", EngineTruth.config().toPath(), "auto", "cpu", 1);
        engine = new StackSegmenter(stack, session, settings, null);
        state = new InteractiveSegmentation((slice, prompt) -> {
            sent.add(slice + ": " + describe(prompt));
            return engine.segment(slice, prompt);
        }, 1);
    }

    @AfterEach
    void stop() {
        session.close();
    }

    static String describe(Prompt p) {
        StringBuilder sb = new StringBuilder();
        for (Prompt.Point pt : p.points()) {
            sb.append(String.format("(%.0f,%.0f,%d)", pt.x, pt.y, pt.label));
        }
        if (p.hasBox()) {
            float[] b = p.box();
            sb.append(String.format("[%.0f,%.0f,%.0f,%.0f]", b[0], b[1], b[2], b[3]));
        }
        return sb.toString();
    }

    static boolean[] truth(int slice, Prompt prompt) {
        Prediction p = EngineTruth.predict(ImageConversion.toRgb(stack.getStack().getProcessor(slice), stack.getBitDepth(), null),
                List.of(prompt), false);
        return p.mask(0, p.bestMask(0));
    }

    static int count(boolean[] m) {
        int n = 0;
        for (boolean b : m) {
            n += b ? 1 : 0;
        }
        return n;
    }

    @Test
    void clicksAndDragMakeOnePromptAndTheEnginesMask() {
        boolean[] m1 = state.update(state.addPoint(40, 55, true));
        boolean[] m2 = state.update(state.addPoint(20, 30, false));
        boolean[] m3 = state.update(state.setBox(60, 85, 15, 20)); // dragged up-left: corners are ordered
        assertEquals(List.of("1: (40,55,1)", "1: (40,55,1)(20,30,0)", "1: (40,55,1)(20,30,0)[15,20,60,85]"), sent);
        assertArrayEquals(truth(1, new Prompt().addPoint(40, 55, 1)), m1);
        assertArrayEquals(truth(1, new Prompt().addPoint(40, 55, 1).addPoint(20, 30, 0)), m2);
        boolean[] expected = truth(1, new Prompt().addPoint(40, 55, 1).addPoint(20, 30, 0).box(15, 20, 60, 85));
        assertArrayEquals(expected, m3);
        assertArrayEquals(expected, state.currentMask());
        assertTrue(count(expected) > 0 && count(expected) < expected.length, "a real, partial mask");
    }

    @Test
    void aNewBoxReplacesTheOldOneAndUndoRestoresIt() {
        state.update(state.setBox(15, 20, 60, 85));
        state.update(state.setBox(5, 5, 40, 40));
        assertEquals("1: [5,5,40,40]", sent.get(1));
        assertTrue(state.undo());
        boolean[] back = state.update(state.snapshot());
        assertArrayEquals(truth(1, new Prompt().box(15, 20, 60, 85)), back);
        assertEquals("1: [15,20,60,85]", sent.get(2));
        assertTrue(state.undo());
        assertFalse(state.undo(), "nothing left to undo");
        assertNull(state.update(state.snapshot()), "no prompt, no engine call, no mask");
        assertNull(state.currentMask());
        assertEquals(3, sent.size());
    }

    @Test
    void escapeClearsThePromptsAndTheMask() {
        state.update(state.addPoint(40, 55, true));
        state.update(state.addPoint(30, 60, true));
        assertNotNull(state.currentMask());
        assertTrue(state.clear());
        assertTrue(state.edits().isEmpty());
        assertNull(state.currentMask());
        assertFalse(state.clear());
        state.update(state.addPoint(10, 10, true));
        assertEquals("1: (10,10,1)", sent.get(sent.size() - 1), "a new object starts from scratch");
    }

    @Test
    void enterCommitsTheMaskWithIncreasingLabelsAndStartsANewObject() {
        state.update(state.addPoint(40, 55, true));
        CommittedObject a = state.commit();
        assertEquals(1, sent.size(), "the mask already computed for these prompts is reused");
        assertEquals(1, a.label());
        assertEquals(1, a.slice());
        assertArrayEquals(truth(1, new Prompt().addPoint(40, 55, 1)), a.mask());
        assertTrue(state.edits().isEmpty());
        assertNull(state.commit(), "Enter without prompts commits nothing");

        // prompts given but never rendered: the commit computes the mask itself
        state.setBox(15, 20, 60, 85);
        CommittedObject b = state.commit();
        assertEquals(2, b.label());
        boolean[] boxMask = truth(1, new Prompt().box(15, 20, 60, 85));
        assertArrayEquals(boxMask, b.mask());
        assertEquals(List.of(a, b), state.committedOn(1));

        // label image: b painted over a where they overlap
        ImagePlus labels = LabelImage.createFor(stack);
        LabelImage.paint(labels, a);
        LabelImage.paint(labels, b);
        assertEquals(16, labels.getBitDepth());
        assertEquals(2, labels.getStackSize());
        short[] px = (short[]) labels.getStack().getProcessor(1).getPixels();
        for (int i = 0; i < px.length; i++) {
            int want = boxMask[i] ? 2 : a.mask()[i] ? 1 : 0;
            assertEquals(want, px[i], "label at pixel " + i);
        }
        assertEquals(0, count(toBool((short[]) labels.getStack().getProcessor(2).getPixels())), "other plane untouched");

        // the ROI of an object contains exactly its mask
        Roi roi = MaskOutputs.outline(b.mask(), stack.getWidth(), stack.getHeight());
        for (int y = 0; y < stack.getHeight(); y++) {
            for (int x = 0; x < stack.getWidth(); x++) {
                assertEquals(boxMask[y * stack.getWidth() + x], roi.contains(x, y), "roi at " + x + "," + y);
            }
        }
    }

    static boolean[] toBool(short[] px) {
        boolean[] b = new boolean[px.length];
        for (int i = 0; i < px.length; i++) {
            b[i] = px[i] != 0;
        }
        return b;
    }

    @Test
    void changingSliceKeepsCommittedObjectsAndStartsFreshPrompts() {
        state.update(state.addPoint(40, 55, true));
        CommittedObject a = state.commit();
        state.update(state.addPoint(30, 30, true)); // not committed
        assertTrue(state.setSlice(2));
        assertFalse(state.setSlice(2));
        assertTrue(state.edits().isEmpty(), "uncommitted prompts stay on their plane");
        assertNull(state.currentMask());
        assertEquals(List.of(a), state.committed());
        assertTrue(state.committedOn(2).isEmpty());

        boolean[] m = state.update(state.addPoint(40, 55, true));
        assertEquals("2: (40,55,1)", sent.get(sent.size() - 1));
        assertArrayEquals(truth(2, new Prompt().addPoint(40, 55, 1)), m);
        assertFalse(java.util.Arrays.equals(a.mask(), m), "the flipped plane gives another mask");
        CommittedObject b = state.commit();
        assertEquals(2, b.label(), "label ids are unique over planes");
        assertEquals(2, b.slice());
    }

    @Test
    void theEncoderRunsOncePerPlane() {
        state.update(state.addPoint(40, 55, true));
        state.update(state.addPoint(20, 30, false));
        state.update(state.setBox(15, 20, 60, 85));
        state.undo();
        state.update(state.snapshot());
        state.commit();
        assertEquals(1, session.encoderRuns(), "one plane, one encoder run: " + sent);
        state.setSlice(2);
        state.update(state.addPoint(40, 55, true));
        state.update(state.addPoint(41, 56, true));
        assertEquals(2, session.encoderRuns());
        state.setSlice(1);
        state.update(state.addPoint(40, 55, true));
        assertEquals(2, session.encoderRuns(), "back on plane 1: its embedding is cached");
        assertEquals(1, session.loadCount());
    }

    @Test
    void aMaskForOutdatedPromptsIsNotShown() {
        InteractiveSegmentation.Snapshot old = state.addPoint(40, 55, true);
        state.addPoint(20, 30, false);
        boolean[] m = state.update(old);
        assertNotNull(m);
        assertNull(state.currentMask(), "the prompts changed while the engine ran");
        assertArrayEquals(truth(1, new Prompt().addPoint(40, 55, 1).addPoint(20, 30, 0)), state.update(state.snapshot()));
        assertNotNull(state.currentMask());
    }
}
