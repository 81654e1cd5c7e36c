package org.samtune.checkpoint;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the safetensors format: an 8-byte little-endian header length N, N bytes of JSON
 * ({@code "name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}}, plus an optional
 * {@code "__metadata__"} string map which is ignored), then the raw little-endian tensor bytes, with
 * offsets relative to the end of the header. Each tensor is read on its own through a FileChannel, so
 * the file as a whole may be larger than 2 GiB (only a single tensor must stay below it).
 */
public final class SafetensorsReader {
    /** Headers larger than this are not safetensors files (the reference implementation caps them at 100 MB). */
    static final long MAX_HEADER = 100L << 20;

    private SafetensorsReader() {}

    /**
     * True when the first bytes are a plausible safetensors header: a length that fits in the file,
     * followed by '{'.
     */
    public static boolean looksLikeSafetensors(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 10) {
                return false;
            }
            ByteBuffer head = ByteBuffer.allocate(9).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, head, 0);
            long n = head.getLong(0);
            return n >= 2 && n <= MAX_HEADER && n <= size - 8 && head.get(8) == '{';
        }
    }

    public static StateDict read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CheckpointException("Checkpoint file not found: " + file);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw new CheckpointException(file + " is too short (" + size + " bytes) to be a safetensors file");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0);
            long headerLen = lenBuf.getLong(0);
            if (headerLen < 2 || headerLen > MAX_HEADER || headerLen > size - 8) {
                throw new CheckpointException(file + ": safetensors header length " + headerLen
                        + " is impossible for a file of " + size + " bytes (corrupt or truncated file)");
            }
            ByteBuffer headerBuf = ByteBuffer.allocate((int) headerLen);
            readFully(ch, headerBuf, 8);
            String json = new String(headerBuf.array(), StandardCharsets.UTF_8);
            JsonObject header;
            try {
                header = JsonParser.parseString(json).getAsJsonObject();
            } catch (RuntimeException e) {
                throw new CheckpointException(file + ": safetensors header is not a JSON object: " + e.getMessage(), e);
            }
            long dataStart = 8 + headerLen;
            long dataLen = size - dataStart;
            Map<String, HostTensor> tensors = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> e : header.entrySet()) {
                if (e.getKey().equals("__metadata__")) {
                    continue; // free-form string map (format, framework): no tensor data
                }
                tensors.put(e.getKey(), readTensor(ch, file, e.getKey(), e.getValue(), dataStart, dataLen));
            }
            if (tensors.isEmpty()) {
                throw new CheckpointException(file + " holds no tensors: it is not a model checkpoint");
            }
            return new StateDict(tensors, file);
        } catch (IOException e) {
            throw new CheckpointException("Cannot read " + file + ": " + e.getMessage(), e);
        } catch (CheckpointException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CheckpointException("Cannot read safetensors file " + file + ": " + e, e);
        }
    }

    private static HostTensor readTensor(FileChannel ch, Path file, String name, JsonElement spec,
                                         long dataStart, long dataLen) throws IOException {
        String where = file + ": tensor '" + name + "'";
        TensorType type;
        long[] shape;
        long begin;
        long end;
        try {
            JsonObject o = spec.getAsJsonObject();
            String dtype = o.get("dtype").getAsString();
            type = TensorType.fromSafetensors(dtype);
            if (type == null) {
                throw new CheckpointException(where + " has unsupported dtype " + dtype);
            }
            JsonArray s = o.getAsJsonArray("shape");
            shape = new long[s.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = s.get(i).getAsLong();
            }
            JsonArray off = o.getAsJsonArray("data_offsets");
            begin = off.get(0).getAsLong();
            end = off.get(1).getAsLong();
        } catch (CheckpointException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CheckpointException(where + " has a malformed header entry " + spec, e);
        }
        long numel = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new CheckpointException(where + " has a negative dimension " + Arrays.toString(shape));
            }
            numel = Math.multiplyExact(numel, d);
        }
        long nbytes = Math.multiplyExact(numel, (long) type.bytes);
        if (begin < 0 || end < begin || end > dataLen) {
            throw new CheckpointException(where + " has data offsets [" + begin + ", " + end + "] outside the "
                    + dataLen + " data bytes (corrupt or truncated file)");
        }
        if (end - begin != nbytes) {
            throw new CheckpointException(where + " of type " + type + " and shape " + Arrays.toString(shape)
                    + " needs " + nbytes + " bytes but its offsets span " + (end - begin));
        }
        if (nbytes > Integer.MAX_VALUE - 8) {
            throw new CheckpointException(where + " has " + nbytes + " bytes; single tensors over 2 GiB are not supported");
        }
        ByteBuffer data = ByteBuffer.allocate((int) nbytes).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, data, dataStart + begin);
        data.flip();
        return new HostTensor(type, shape, data);
    }

    /** Fills {@code buf} from {@code position}; positional reads may return short counts. */
    static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new IOException("unexpected end of file at byte " + pos);
            }
            pos += n;
        }
    }
}
