package org.samtune.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.*;

/** Damaged files give a NiftiFormatException that names the file and the problem. */
class NiftiReaderErrorTest {
    @TempDir
    Path dir;

    private byte[] validNii() throws IOException {
        return Files.readAllBytes(NiftiTestData.resource("nifti/dt_int16_le.nii"));
    }

    private NiftiFormatException failure(String name, byte[] content, String expectedText) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, content);
        NiftiFormatException e = assertThrows(NiftiFormatException.class, () -> NiftiReader.read(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expectedText), e.getMessage());
        return e;
    }

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(b);
        }
        return out.toByteArray();
    }

    @Test
    void truncatedVoxelData() throws IOException {
        byte[] b = validNii();
        failure("cut.nii", Arrays.copyOf(b, b.length - 3), "truncated");
        // The same, gzip-compressed (a complete gzip stream of an incomplete volume)
        failure("cut.nii.gz", gzip(Arrays.copyOf(b, b.length - 3)), "only 45 remain");
    }

    @Test
    void truncatedHeader() throws IOException {
        failure("short.nii", Arrays.copyOf(validNii(), 200), "348-byte");
        failure("empty.nii", new byte[0], "truncated");
    }

    @Test
    void badMagic() throws IOException {
        byte[] b = validNii();
        b[345] = 'X';
        failure("magic.nii", b, "bad magic");
        byte[] pair = validNii();
        pair[345] = 'i';
        failure("pair.nii", pair, ".hdr/.img");
    }

    @Test
    void notNifti1() throws IOException {
        byte[] b = validNii();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 540);
        failure("n2.nii", b, "NIfTI-2");
        byte[] text = "this is not an image at all, just some text padded out".repeat(10).getBytes();
        failure("text.nii", text, "sizeof_hdr");
    }

    @Test
    void unsupportedDatatype() throws IOException {
        byte[] b = validNii();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putShort(70, (short) 32); // complex64
        failure("complex.nii", b, "unsupported datatype 32");
    }

    @Test
    void corruptOrTruncatedGzip() throws IOException {
        byte[] gz = Files.readAllBytes(NiftiTestData.resource("datasets/msd-hippocampus/images/hippocampus_001.nii.gz"));
        failure("cut.nii.gz", Arrays.copyOf(gz, gz.length / 2), "gzip");
        for (int at : new int[] {20, gz.length / 2}) { // in the compressed header, in the compressed voxels
            byte[] damaged = gz.clone();
            for (int i = at; i < at + 16; i++) {
                damaged[i] ^= 0x5A;
            }
            NiftiFormatException e = failure("damaged" + at + ".nii.gz", damaged, "gzip");
            assertTrue(e.getMessage().contains("corrupt or truncated gzip"), e.getMessage());
        }
        byte[] badCrc = gz.clone();
        badCrc[badCrc.length - 6] ^= 0x01; // in the CRC32 of the trailer: data inflates, the check fails at the end
        failure("crc.nii.gz", badCrc, "gzip");
        byte[] badHeader = gz.clone();
        badHeader[2] = 7; // compression method other than deflate
        failure("method.nii.gz", badHeader, "gzip");
    }

    @Test
    void invalidDims() throws IOException {
        byte[] b = validNii();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putShort(40, (short) 9);
        failure("rank.nii", b, "dim[0] = 9");
        byte[] z = validNii();
        ByteBuffer.wrap(z).order(ByteOrder.LITTLE_ENDIAN).putShort(44, (short) 0);
        failure("zero.nii", z, "dim[2] = 0");
    }

    @Test
    void missingFile() {
        assertThrows(NoSuchFileException.class, () -> NiftiReader.read(dir.resolve("absent.nii")));
    }
}
