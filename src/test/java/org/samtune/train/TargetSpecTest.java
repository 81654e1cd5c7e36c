package org.samtune.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.samtune.io.PilImageReader;

class TargetSpecTest {

    @Test
    void combineAllMultiAllAndSubsets() {
        int[] raw = {0, 1, 2, 3, 254, 255};
        int[] a = raw.clone();
        TargetSpec.combineAll().applyInPlace(a);
        assertArrayEquals(new int[] {0, 1, 1, 1, 1, 1}, a);
        int[] b = raw.clone();
        TargetSpec.multiAll().applyInPlace(b);
        assertArrayEquals(raw, b);
        int[] c = raw.clone();
        TargetSpec.labels(255).applyInPlace(c); // finetune-SAM cls=255: msk == cls
        assertArrayEquals(new int[] {0, 0, 0, 0, 0, 1}, c);
        int[] d = raw.clone();
        TargetSpec.parse("3, 1").applyInPlace(d); // label 3 -> class 1, label 1 -> class 2
        assertArrayEquals(new int[] {0, 2, 0, 1, 0, 0}, d);
        assertEquals(3, TargetSpec.parse("3,1").minNumClasses());
        assertEquals("combine_all", TargetSpec.parse("combine_all").toString());
        assertThrows(IllegalArgumentException.class, () -> TargetSpec.parse("femur"));
        assertThrows(IllegalArgumentException.class, () -> TargetSpec.labels(0));
    }

    @Test
    void deleteEmptyMasksRule() throws Exception {
        LabelImage mri = PilImageReader.readL(TestData.mask("RUNMC03_16.png")); // values {0, 254}
        assertTrue(TargetSpec.combineAll().keeps(mri));
        assertTrue(TargetSpec.multiAll().keeps(mri));
        assertTrue(TargetSpec.labels(254).keeps(mri));
        assertFalse(TargetSpec.labels(255).keeps(mri));
        assertFalse(TargetSpec.combineAll().keeps(new LabelImage(2, 1, new int[] {0, 0})));
    }
}
