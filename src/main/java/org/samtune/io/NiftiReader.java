package org.samtune.io;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import static org.samtune.io.NiftiHeaderLayout.*;

/**
 * Reads single-file NIfTI-1 volumes ({@code .nii}, or gzip-compressed {@code .nii.gz}; compression is detected
 * from the gzip magic bytes, not the name). Either byte order: the order is the one in which sizeof_hdr reads
 * 348. Voxels start at vox_offset (at least 352; header extensions before it are skipped). Supported datatypes:
 * see {@link NiftiDataType}. Problems with the file itself are reported as {@link NiftiFormatException}s naming
 * the file.
 */
public final class NiftiReader {
    private NiftiReader() {}

    /** Reads the volume with its voxels in the stored type; scl_slope/scl_inter are kept in the header. */
    public static NiftiImage read(Path file) throws IOException {
        return read(file, false);
    }

    /**
     * Reads the volume. With {@code applyScaling} and a header that asks for scaling, the result holds the
     * scaled values (float32; float64 for float64, int32 and uint32 sources, whose values float32 would round)
     * and its scl_slope/scl_inter are reset to 1/0; otherwise the stored values and scaling are returned as is.
     */
    public static NiftiImage read(Path file, boolean applyScaling) throws IOException {
        NiftiImage raw;
        try (InputStream in = open(file)) {
            try {
                raw = readFrom(file, in);
            } catch (NiftiFormatException e) {
                if (in instanceof GZIPInputStream) {
                    // A damaged gzip stream can decompress to a nonsense header: blame the compression when the
                    // rest of the stream fails its checks
                    try {
                        skip(in, Long.MAX_VALUE);
                    } catch (ZipException | EOFException z) {
                        NiftiFormatException g = corruptGzip(file, z);
                        g.addSuppressed(e);
                        throw g;
                    }
                }
                throw e;
            }
        } catch (ZipException | EOFException e) {
            // Thrown by GZIPInputStream for damaged deflate data, a bad CRC or a stream cut short
            throw corruptGzip(file, e);
        }
        return applyScaling && raw.hasScaling() ? raw.scaledCopy() : raw;
    }

    private static NiftiFormatException corruptGzip(Path file, IOException cause) {
        return new NiftiFormatException(file, "corrupt or truncated gzip data (" + cause.getMessage() + ")", cause);
    }

    private static InputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            try {
                return new GZIPInputStream(in, 1 << 16);
            } catch (IOException e) {
                in.close();
                throw new NiftiFormatException(file, "corrupt gzip header (" + e.getMessage() + ")", e);
            }
        }
        return in;
    }

    private static NiftiImage readFrom(Path file, InputStream in) throws IOException {
        byte[] hdr = new byte[HEADER_BYTES];
        int got = in.readNBytes(hdr, 0, HEADER_BYTES);
        if (got < HEADER_BYTES) {
            throw new NiftiFormatException(file, "truncated: " + got + " bytes, shorter than the 348-byte "
                    + "NIfTI-1 header");
        }
        ByteBuffer h = ByteBuffer.wrap(hdr).order(byteOrder(file, hdr));

        String magic = new String(hdr, MAGIC, 4, StandardCharsets.ISO_8859_1);
        if (magic.equals("ni1\0")) {
            throw new NiftiFormatException(file, "is the header of a .hdr/.img pair (magic \"ni1\"); only "
                    + "single-file .nii/.nii.gz is supported");
        }
        if (!magic.equals("n+1\0")) {
            throw new NiftiFormatException(file, "bad magic " + printable(magic) + ", expected \"n+1\"");
        }

        int rank = h.getShort(DIM);
        if (rank < 1 || rank > 7) {
            throw new NiftiFormatException(file, "dim[0] = " + rank + ", expected 1..7");
        }
        int[] dims = new int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++) {
            dims[i] = h.getShort(DIM + 2 * (i + 1));
            if (dims[i] < 1) {
                throw new NiftiFormatException(file, "dim[" + (i + 1) + "] = " + dims[i] + ", expected >= 1");
            }
            count *= dims[i];
        }
        if (count > Integer.MAX_VALUE - 8) {
            throw new NiftiFormatException(file, count + " voxels, more than one Java array can hold");
        }
        int code = h.getShort(DATATYPE);
        NiftiDataType type = NiftiDataType.fromCode(code);
        if (type == null) {
            throw new NiftiFormatException(file, "unsupported datatype " + code + " (supported: uint8, int8, "
                    + "int16, uint16, int32, uint32, float32, float64)");
        }

        NiftiImage img = new NiftiImage(dims, type);
        fillHeader(img, h);

        // Voxels start at vox_offset; anything between the header and it (extension flag, extensions) is skipped
        float voxOffset = h.getFloat(VOX_OFFSET);
        long offset = Float.isFinite(voxOffset) ? Math.max(MIN_VOX_OFFSET, (long) voxOffset) : MIN_VOX_OFFSET;
        long skipped = skip(in, offset - HEADER_BYTES);
        if (skipped < offset - HEADER_BYTES) {
            throw new NiftiFormatException(file, "truncated: ends at byte " + (HEADER_BYTES + skipped)
                    + ", before the voxel data at vox_offset " + offset);
        }
        long expected = count * type.bytes;
        long read = img.voxels().decode(in, h.order());
        if (read < expected) {
            throw new NiftiFormatException(file, "truncated: " + dimsText(dims) + " " + type + " needs "
                    + expected + " bytes of voxel data from offset " + offset + ", but only " + read + " remain");
        }
        // Drain the rest so that GZIPInputStream reaches the trailer and checks the CRC
        skip(in, Long.MAX_VALUE);
        return img;
    }

    private static ByteOrder byteOrder(Path file, byte[] hdr) throws NiftiFormatException {
        int little = ByteBuffer.wrap(hdr).order(ByteOrder.LITTLE_ENDIAN).getInt(SIZEOF_HDR);
        int big = ByteBuffer.wrap(hdr).order(ByteOrder.BIG_ENDIAN).getInt(SIZEOF_HDR);
        if (little == HEADER_BYTES) {
            return ByteOrder.LITTLE_ENDIAN;
        }
        if (big == HEADER_BYTES) {
            return ByteOrder.BIG_ENDIAN;
        }
        if (little == NIFTI2_HEADER_BYTES || big == NIFTI2_HEADER_BYTES) {
            throw new NiftiFormatException(file, "is NIfTI-2 (sizeof_hdr 540); only NIfTI-1 is supported");
        }
        throw new NiftiFormatException(file, "not a NIfTI-1 file: sizeof_hdr is " + little
                + " (little-endian) / " + big + " (big-endian), expected 348");
    }

    private static void fillHeader(NiftiImage img, ByteBuffer h) {
        float[] pixdim = new float[8];
        for (int i = 0; i < 8; i++) {
            pixdim[i] = h.getFloat(PIXDIM + 4 * i);
        }
        img.setPixdim(pixdim);
        img.setDimInfo(h.get(DIM_INFO));
        img.setXyztUnits(h.get(XYZT_UNITS));
        img.setScaling(h.getFloat(SCL_SLOPE), h.getFloat(SCL_INTER));
        img.setCalRange(h.getFloat(CAL_MIN), h.getFloat(CAL_MAX));
        img.setIntent(h.getShort(INTENT_CODE), text(h, INTENT_NAME, INTENT_NAME_BYTES));
        img.setDescription(text(h, DESCRIP, DESCRIP_BYTES));
        float[] q = new float[6];
        for (int i = 0; i < 6; i++) {
            q[i] = h.getFloat(QUATERN_B + 4 * i);
        }
        img.setQform(h.getShort(QFORM_CODE), q[0], q[1], q[2], q[3], q[4], q[5]);
        float[][] rows = new float[3][4];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                rows[r][c] = h.getFloat(SROW_X + 16 * r + 4 * c);
            }
        }
        img.setSform(h.getShort(SFORM_CODE), rows[0], rows[1], rows[2]);
    }

    /** A NUL-terminated char field (bytes after the first NUL are ignored). */
    private static String text(ByteBuffer h, int offset, int length) {
        byte[] b = new byte[length];
        h.get(offset, b);
        int n = 0;
        while (n < length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }

    private static long skip(InputStream in, long n) throws IOException {
        byte[] junk = new byte[8192];
        long done = 0;
        while (done < n) {
            int r = in.read(junk, 0, (int) Math.min(junk.length, n - done));
            if (r < 0) {
                break;
            }
            done += r;
        }
        return done;
    }

    private static String dimsText(int[] dims) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < dims.length; i++) {
            sb.append(i == 0 ? "" : "x").append(dims[i]);
        }
        return sb.toString();
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c >= 32 && c < 127) {
                sb.append(c);
            } else {
                sb.append(String.format("\\x%02x", (int) c));
            }
        }
        return sb.append('"').toString();
    }
}
