package org.samtune.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

import static org.samtune.io.NiftiHeaderLayout.*;

/**
 * Writes single-file NIfTI-1 volumes: {@code .nii} plain, {@code .nii.gz} gzip-compressed (chosen by the file
 * name). Voxels follow the header and a zero extension flag at vox_offset 352 (no extensions).
 *
 * <p>Atomic: the bytes go to a temporary file in the target's folder, are forced to disk, and the temporary file
 * is renamed onto the target with {@link StandardCopyOption#ATOMIC_MOVE}; readers see the old file or the
 * complete new one, never a partial one, and a failed write leaves no temporary file behind.
 */
public final class NiftiWriter {
    private static final SecureRandom RANDOM = new SecureRandom();

    private NiftiWriter() {}

    /** Writes {@code image} little-endian to {@code file} ({@code .nii} or {@code .nii.gz}). */
    public static void write(NiftiImage image, Path file) throws IOException {
        write(image, file, ByteOrder.LITTLE_ENDIAN);
    }

    /** Writes {@code image} in byte order {@code order} (readers detect it from sizeof_hdr). */
    public static void write(NiftiImage image, Path file, ByteOrder order) throws IOException {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean gzip;
        if (name.endsWith(".nii.gz")) {
            gzip = true;
        } else if (name.endsWith(".nii")) {
            gzip = false;
        } else {
            throw new IllegalArgumentException(file + ": NIfTI file names end in .nii or .nii.gz");
        }
        Path target = file.toAbsolutePath();
        // Not Files.createTempFile: its owner-only permissions would stay on the renamed file; a CREATE_NEW file
        // gets the usual umask permissions.
        String tmpName = "." + target.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + ".tmp";
        Path tmp = target.resolveSibling(tmpName);
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream raw = Channels.newOutputStream(channel);
                OutputStream out = gzip ? new GZIPOutputStream(raw, 1 << 16) : new BufferedOutputStream(raw, 1 << 16);
                out.write(header(image, order));
                image.voxels().encode(out, order);
                if (out instanceof GZIPOutputStream) {
                    ((GZIPOutputStream) out).finish();
                }
                out.flush();
                channel.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
        } catch (IOException e) {
            throw new IOException("Cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** The 348-byte header plus the 4-byte extension flag (all zero: no extensions). */
    static byte[] header(NiftiImage img, ByteOrder order) {
        ByteBuffer h = ByteBuffer.allocate(MIN_VOX_OFFSET).order(order);
        h.putInt(SIZEOF_HDR, HEADER_BYTES);
        h.put(REGULAR, (byte) 'r');
        h.put(DIM_INFO, (byte) img.dimInfo());
        h.putShort(DIM, (short) img.rank());
        for (int i = 1; i <= 7; i++) {
            int d = img.dim(i - 1);
            if (d > Short.MAX_VALUE) {
                throw new IllegalArgumentException("NIfTI-1 dims are at most 32767, got " + d + " on axis " + (i - 1));
            }
            h.putShort(DIM + 2 * i, (short) d); // unused axes hold 1
        }
        h.putShort(INTENT_CODE, (short) img.intentCode());
        h.putShort(DATATYPE, (short) img.dataType().code);
        h.putShort(BITPIX, (short) img.dataType().bitpix());
        float[] pixdim = img.pixdim();
        for (int i = 0; i < 8; i++) {
            h.putFloat(PIXDIM + 4 * i, pixdim[i]);
        }
        h.putFloat(VOX_OFFSET, MIN_VOX_OFFSET);
        h.putFloat(SCL_SLOPE, img.sclSlope());
        h.putFloat(SCL_INTER, img.sclInter());
        h.put(XYZT_UNITS, (byte) img.xyztUnits());
        h.putFloat(CAL_MAX, img.calMax());
        h.putFloat(CAL_MIN, img.calMin());
        putText(h, DESCRIP, DESCRIP_BYTES, img.description());
        h.putShort(QFORM_CODE, (short) img.qformCode());
        h.putShort(SFORM_CODE, (short) img.sformCode());
        float[] q = img.quatern();
        float[] o = img.qoffset();
        float[] quatAndOffset = {q[0], q[1], q[2], o[0], o[1], o[2]};
        for (int i = 0; i < 6; i++) {
            h.putFloat(QUATERN_B + 4 * i, quatAndOffset[i]);
        }
        for (int r = 0; r < 3; r++) {
            float[] row = img.srow(r);
            for (int c = 0; c < 4; c++) {
                h.putFloat(SROW_X + 16 * r + 4 * c, row[c]);
            }
        }
        putText(h, INTENT_NAME, INTENT_NAME_BYTES, img.intentName());
        h.put(MAGIC, new byte[] {'n', '+', '1', 0});
        return h.array();
    }

    /** Writes at most length-1 bytes of {@code s} so the field stays NUL-terminated; non-ASCII becomes '?'. */
    private static void putText(ByteBuffer h, int offset, int length, String s) {
        int n = Math.min(s.length(), length - 1);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            h.put(offset + i, (byte) (c >= 32 && c < 127 ? c : '?'));
        }
    }
}
