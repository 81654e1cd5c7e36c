package org.samtune.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RgbImageTest {

    @Test
    void fromGrayReplicatesEachByteIntoThreeChannels() {
        RgbImage img = RgbImage.fromGray(3, 1, new byte[] {0, 7, (byte) 255});
        assertArrayEquals(new byte[] {0, 0, 0, 7, 7, 7, (byte) 255, (byte) 255, (byte) 255}, img.data());
        assertThrows(IllegalArgumentException.class, () -> RgbImage.fromGray(2, 2, new byte[3]));
    }
}
