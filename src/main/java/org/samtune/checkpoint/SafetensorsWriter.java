package org.samtune.checkpoint;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes a state dict as safetensors (see {@link SafetensorsReader} for the layout). Tensors are stored
 * back to back in the state dict's order; the JSON header is padded with spaces to a multiple of 8
 * bytes, as the reference implementation does, so every tensor starts 8-byte aligned when element
 * sizes allow. The file is written atomically.
 */
public final class SafetensorsWriter {
    private SafetensorsWriter() {}

    public static void write(StateDict sd, Path file) {
        write(sd.tensors(), null, file);
    }

    /** @param metadata optional {@code __metadata__} string map (may be null) */
    public static void write(Map<String, HostTensor> tensors, Map<String, String> metadata, Path file) {
        JsonObject header = new JsonObject();
        if (metadata != null && !metadata.isEmpty()) {
            JsonObject meta = new JsonObject();
            metadata.forEach(meta::addProperty);
            header.add("__metadata__", meta);
        }
        long offset = 0;
        for (Map.Entry<String, HostTensor> e : tensors.entrySet()) {
            HostTensor t = e.getValue();
            JsonObject o = new JsonObject();
            o.addProperty("dtype", t.type().safetensorsName);
            JsonArray shape = new JsonArray();
            for (long d : t.shape()) {
                shape.add(d);
            }
            o.add("shape", shape);
            long n = t.numel() * t.type().bytes;
            JsonArray offsets = new JsonArray();
            offsets.add(offset);
            offsets.add(offset + n);
            o.add("data_offsets", offsets);
            header.add(e.getKey(), o);
            offset += n;
        }
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        try {
            AtomicFiles.write(file, out -> {
                ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
                out.write(len.array());
                out.write(json);
                for (int i = json.length; i < padded; i++) {
                    out.write(' ');
                }
                for (HostTensor t : tensors.values()) {
                    writeBytes(out, t.bytes());
                }
            });
        } catch (IOException e) {
            throw new CheckpointException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    static void writeBytes(OutputStream out, ByteBuffer src) throws IOException {
        ByteBuffer b = src.duplicate();
        if (b.hasArray()) {
            out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
            return;
        }
        byte[] chunk = new byte[1 << 16];
        while (b.hasRemaining()) {
            int n = Math.min(chunk.length, b.remaining());
            b.get(chunk, 0, n);
            out.write(chunk, 0, n);
        }
    }
}
