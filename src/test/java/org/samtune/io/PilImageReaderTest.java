package org.samtune.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ByteProcessor;
import ij.process.ShortProcessor;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samtune.predict.RgbImage;

class PilImageReaderTest {
    /** The MRI-Prostate 5-shot demo set (finetune-SAM layout). */
    private static final Path DATA = Paths.get("src/test/resources/datasets/mri-prostate/MRI-Prostate");

    private static Path mask(String name) {
        return DATA.resolve("masks").resolve(name);
    }


    @Test
    void realMriSliceIsGrayReplicatedToRgbAndMaskKeepsRawValues() throws Exception {
        Path img = DATA.resolve("images/patient39/study39/volumn39/BMC26_16.png");
        RgbImage rgb = PilImageReader.readRgb(img);
        assertEquals(384, rgb.width());
        assertEquals(384, rgb.height());
        boolean nonConstant = false;
        for (int y = 0; y < 384; y += 7) {
            for (int x = 0; x < 384; x += 5) {
                assertEquals(rgb.get(x, y, 0), rgb.get(x, y, 1));
                assertEquals(rgb.get(x, y, 0), rgb.get(x, y, 2));
                nonConstant |= rgb.get(x, y, 0) != rgb.get(0, 0, 0);
            }
        }
        assertEquals(true, nonConstant);
        // SOURCE.md: BMC26_16 holds both 254 and 255, RUNMC03_16 only 254, UCL29_7 only 255
        assertArrayEquals(new int[] {0, 254, 255}, PilImageReader.readL(mask("BMC26_16.png")).distinctValues());
        assertArrayEquals(new int[] {0, 254}, PilImageReader.readL(mask("RUNMC03_16.png")).distinctValues());
        assertArrayEquals(new int[] {0, 255}, PilImageReader.readL(mask("UCL29_7.png")).distinctValues());
    }

    @Test
    void pilConversionsOfSixteenBitRgbAndPalettePngs(@TempDir Path dir) throws Exception {
        // 16-bit gray: PIL clips to 255 in convert('L') and convert('RGB')
        BufferedImage g16 = new BufferedImage(4, 1, BufferedImage.TYPE_USHORT_GRAY);
        g16.getRaster().setSamples(0, 0, 4, 1, 0, new int[] {0, 100, 300, 65535});
        Path p16 = dir.resolve("g16.png");
        ImageIO.write(g16, "png", p16.toFile());
        assertArrayEquals(new int[] {0, 100, 255, 255}, PilImageReader.readL(p16).labels());
        assertEquals(255, PilImageReader.readRgb(p16).get(2, 0, 1));

        // RGB -> L with PIL's L24: (10*19595 + 200*38470 + 30*7471 + 32768) >> 16 = 8146848 >> 16 = 124
        BufferedImage rgb = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(0, 0, (10 << 16) | (200 << 8) | 30);
        Path pr = dir.resolve("rgb.png");
        ImageIO.write(rgb, "png", pr.toFile());
        assertEquals(124, PilImageReader.readL(pr).labels()[0]);
        assertEquals(200, PilImageReader.readRgb(pr).get(0, 0, 1));

        // palette mask (VOC style): index 1 = (128,0,0); PIL convert('L') gives L24 of the colour = 38, not 1
        byte[] r = {0, (byte) 128};
        byte[] z = {0, 0};
        IndexColorModel icm = new IndexColorModel(8, 2, r, z, z);
        BufferedImage pal = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_INDEXED, icm);
        pal.getRaster().setSamples(0, 0, 2, 1, 0, new int[] {0, 1});
        Path pp = dir.resolve("pal.png");
        ImageIO.write(pal, "png", pp.toFile());
        assertArrayEquals(new int[] {0, 38}, PilImageReader.readL(pp).labels());
        assertEquals(128, PilImageReader.readRgb(pp).get(1, 0, 0));
    }

    @Test
    void tiffGoesThroughImageJ(@TempDir Path dir) throws Exception {
        ByteProcessor bp = new ByteProcessor(3, 2, new byte[] {0, 1, 2, 3, 4, (byte) 250});
        Path t8 = dir.resolve("m.tif");
        IJ.saveAsTiff(new ImagePlus("m", bp), t8.toString());
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 250}, PilImageReader.readL(t8).labels());

        ShortProcessor sp = new ShortProcessor(2, 1, new short[] {7, (short) 1000}, null);
        Path t16 = dir.resolve("s.tif");
        IJ.saveAsTiff(new ImagePlus("s", sp), t16.toString());
        assertArrayEquals(new int[] {7, 255}, PilImageReader.readL(t16).labels());
    }

    @Test
    void unreadableAndMissingFilesNameTheFile(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("broken.png");
        Files.write(bad, new byte[] {1, 2, 3, 4, 5});
        Exception e = assertThrows(java.io.IOException.class, () -> PilImageReader.readRgb(bad));
        assertEquals(true, e.getMessage().contains("broken.png"), e.getMessage());
        Exception m = assertThrows(java.io.IOException.class, () -> PilImageReader.readL(dir.resolve("nope.png")));
        assertEquals(true, m.getMessage().contains("nope.png"), m.getMessage());
    }
}
