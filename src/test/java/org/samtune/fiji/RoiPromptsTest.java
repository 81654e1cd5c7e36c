package org.samtune.fiji;

import ij.gui.Line;
import ij.gui.OvalRoi;
import ij.gui.PointRoi;
import ij.gui.Roi;
import org.junit.jupiter.api.Test;
import org.samtune.predict.Prompt;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class RoiPromptsTest {

    static PointRoi points() {
        PointRoi roi = new PointRoi(40, 55);      // counter 0 (default): positive
        roi.setCounter(1);
        roi.addPoint(20.0, 30.0);                 // counter 1: negative
        roi.setCounter(0);
        roi.addPoint(12.5, 7.25);                 // sub-pixel, positive
        return roi;
    }

    @Test
    void multiPointCountersBecomeLabels() {
        List<Prompt> prompts = RoiPrompts.fromRoi(points());
        assertEquals(1, prompts.size(), "one selection = one object");
        Prompt p = prompts.get(0);
        assertFalse(p.hasBox());
        assertEquals(3, p.points().size());
        float[][] expected = {{40, 55, 1}, {20, 30, 0}, {12.5f, 7.25f, 1}};
        for (int i = 0; i < 3; i++) {
            Prompt.Point pt = p.points().get(i);
            assertEquals(expected[i][0], pt.x, 0f);
            assertEquals(expected[i][1], pt.y, 0f);
            assertEquals((int) expected[i][2], pt.label);
        }
    }

    @Test
    void countersOtherThanZeroAndOneAreRefused() {
        PointRoi roi = new PointRoi(4, 5);
        roi.setCounter(2);
        roi.addPoint(6.0, 7.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RoiPrompts.fromRoi(roi));
        assertTrue(e.getMessage().contains("counter 2"), e.getMessage());
    }

    @Test
    void slicePositionsInCountersDoNotChangeLabels() {
        PointRoi two = new PointRoi(new float[] {4, 6}, new float[] {5, 7}, 2);
        two.setCounters(new int[] {(3 << 8), (3 << 8) | 1}); // both on slice 3; counters 0 and 1
        Prompt p = RoiPrompts.toPrompt(two);
        assertEquals(1, p.points().get(0).label);
        assertEquals(0, p.points().get(1).label);
    }

    @Test
    void rectangleIsABoxOfFirstAndLastPixelIndices() {
        Prompt p = RoiPrompts.toPrompt(new Roi(15, 20, 46, 66));
        assertArrayEquals(new float[] {15, 20, 60, 85}, p.box(), 0f);
        assertFalse(p.hasPoints());
    }

    @Test
    void otherAreasUseTheirBoundsAndLinesAreRefused() {
        assertArrayEquals(new float[] {10, 12, 29, 51}, RoiPrompts.toPrompt(new OvalRoi(10, 12, 20, 40)).box(), 0f);
        assertThrows(IllegalArgumentException.class, () -> RoiPrompts.toPrompt(new Line(1, 1, 20, 20)));
        assertThrows(IllegalArgumentException.class, () -> RoiPrompts.toPrompt(new Roi(3, 3, 1, 10)), "1 pixel wide");
    }

    @Test
    void roiManagerEntriesAreOneObjectEach() {
        Roi a = new Roi(1, 2, 10, 20);
        PointRoi b = points();
        Roi c = new Roi(30, 30, 5, 6);
        List<Prompt> objects = RoiPrompts.fromRois(new Roi[] {a, b, c});
        assertEquals(3, objects.size());
        assertArrayEquals(new float[] {1, 2, 10, 21}, objects.get(0).box(), 0f);
        assertEquals(3, objects.get(1).points().size());
        assertFalse(objects.get(1).hasBox());
        assertArrayEquals(new float[] {30, 30, 34, 35}, objects.get(2).box(), 0f);
        assertTrue(RoiPrompts.fromRoi(null).isEmpty());
    }

    @Test
    void promptTextParsesAndFormatsBack() {
        List<Prompt> p = PromptText.parse("15,20,60,85", "40,55,1; 20,30,0 ;12.5,7");
        assertEquals(1, p.size());
        assertArrayEquals(new float[] {15, 20, 60, 85}, p.get(0).box(), 0f);
        assertEquals(3, p.get(0).points().size());
        assertEquals(1, p.get(0).points().get(2).label, "no label = positive");
        assertArrayEquals(new String[] {"15,20,60,85", "40,55,1;20,30,0;12.5,7,1"}, PromptText.format(p));

        List<Prompt> boxes = PromptText.parse("1,2,3,4;5,6,7,8", "");
        assertEquals(2, boxes.size());
        assertArrayEquals(new String[] {"1,2,3,4;5,6,7,8", ""}, PromptText.format(boxes));
        assertNull(PromptText.format(RoiPrompts.fromRois(new Roi[] {points(), new Roi(1, 2, 10, 20)})),
                "an object with points among several cannot be written as text");

        assertThrows(IllegalArgumentException.class, () -> PromptText.parse("1,2,3,4;5,6,7,8", "1,1"));
        assertThrows(IllegalArgumentException.class, () -> PromptText.parse("1,2,3", ""));
        assertThrows(IllegalArgumentException.class, () -> PromptText.parse("", "1,2,5"));
        assertThrows(IllegalArgumentException.class, () -> PromptText.parse("5,5,1,1", ""), "reversed box");
        assertTrue(PromptText.parse(" ", null).isEmpty());
    }
}
