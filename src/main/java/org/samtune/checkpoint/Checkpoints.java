package org.samtune.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The front door for reading model weights: recognises the format from the file's first bytes (not its
 * extension, which users rename freely) and returns the state dict with DataParallel's {@code module.}
 * prefix removed. Every failure, whatever the file holds, is a {@link CheckpointException} that names
 * the file.
 */
public final class Checkpoints {
    /** Prefix {@code torch.nn.DataParallel} / DistributedDataParallel put on every key. */
    public static final String DATA_PARALLEL_PREFIX = "module.";

    public enum Format { PTH, SAFETENSORS }

    private Checkpoints() {}

    public static StateDict read(Path file) {
        Format format = detect(file);
        StateDict sd = format == Format.PTH ? PthReader.read(file) : SafetensorsReader.read(file);
        return stripDataParallelPrefix(sd);
    }

    /** The file's format, judged by its content; throws naming the file when it is neither. */
    public static Format detect(Path file) {
        if (file == null) {
            throw new CheckpointException("No checkpoint file given");
        }
        if (!Files.exists(file)) {
            throw new CheckpointException("Checkpoint file not found: " + file);
        }
        if (!Files.isRegularFile(file)) {
            throw new CheckpointException("Checkpoint " + file + " is not a regular file");
        }
        byte[] head = new byte[64];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new CheckpointException("Cannot read checkpoint " + file + ": " + e.getMessage(), e);
        }
        if (n >= 2 && head[0] == 'P' && head[1] == 'K') {
            return Format.PTH;
        }
        try {
            if (SafetensorsReader.looksLikeSafetensors(file)) {
                return Format.SAFETENSORS;
            }
        } catch (IOException e) {
            throw new CheckpointException("Cannot read checkpoint " + file + ": " + e.getMessage(), e);
        }
        throw new CheckpointException("Cannot read checkpoint " + file + ": " + describe(head, n)
                + ". Expected a PyTorch .pth/.pt file (torch.save zip archive, starting with 'PK') or a .safetensors file "
                + "(8-byte header length followed by a JSON header).");
    }

    /** A short guess at what the file is, for the error message. */
    private static String describe(byte[] h, int n) {
        if (n == 0) {
            return "the file is empty";
        }
        if (n >= 4 && (h[0] & 0xff) == 0x89 && h[1] == 'P' && h[2] == 'N' && h[3] == 'G') {
            return "it is a PNG image";
        }
        if (n >= 3 && (h[0] & 0xff) == 0xff && (h[1] & 0xff) == 0xd8 && (h[2] & 0xff) == 0xff) {
            return "it is a JPEG image";
        }
        if (n >= 4 && ((h[0] == 'I' && h[1] == 'I' && h[2] == 42) || (h[0] == 'M' && h[1] == 'M' && h[3] == 42))) {
            return "it is a TIFF image";
        }
        if (n >= 4 && (h[0] & 0xff) == 0x89 && h[1] == 'H' && h[2] == 'D' && h[3] == 'F') {
            return "it is an HDF5 file (Keras/TensorFlow weights are not supported)";
        }
        if (n >= 2 && (h[0] & 0xff) == 0x80 && h[1] >= 2 && h[1] <= 5) {
            return "it is a bare pickle: a legacy (PyTorch < 1.6) torch.save file or a plain pickle; "
                    + "re-save it with torch.save in PyTorch >= 1.6";
        }
        if (n >= 2 && (h[0] & 0xff) == 0x1f && (h[1] & 0xff) == 0x8b) {
            return "it is gzip-compressed (unpack it first)";
        }
        boolean text = true;
        for (int i = 0; i < n; i++) {
            int c = h[i] & 0xff;
            if (c < 0x09 || (c > 0x0d && c < 0x20 && c != 0x1b) || c == 0x7f) {
                text = false;
                break;
            }
        }
        if (text) {
            String s = new String(h, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            if (s.startsWith("version https://git-lfs")) {
                return "it is a Git LFS pointer, not the weights (fetch the real file with git lfs pull)";
            }
            if (s.startsWith("<!doctype html") || s.startsWith("<html")) {
                return "it is an HTML page (a failed download?)";
            }
            return "it is a text file";
        }
        return "its content is not a known checkpoint format";
    }

    /**
     * Removes {@code module.} from every key when every key has it (a model saved while wrapped in
     * DataParallel); a dict where only some keys have it is returned unchanged.
     */
    public static StateDict stripDataParallelPrefix(StateDict sd) {
        if (sd.size() == 0) {
            return sd;
        }
        for (String k : sd.tensors().keySet()) {
            if (!k.startsWith(DATA_PARALLEL_PREFIX)) {
                return sd;
            }
        }
        Map<String, HostTensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, HostTensor> e : sd.tensors().entrySet()) {
            out.put(e.getKey().substring(DATA_PARALLEL_PREFIX.length()), e.getValue());
        }
        return new StateDict(out, sd.source());
    }

    /** Writes {@code sd} in the format named by the file's extension (.safetensors, else .pth). */
    public static void write(StateDict sd, Path file) {
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".safetensors")) {
            SafetensorsWriter.write(sd, file);
        } else {
            PthWriter.write(sd, file);
        }
    }
}
