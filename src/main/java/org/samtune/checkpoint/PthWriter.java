package org.samtune.checkpoint;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes PyTorch's {@code torch.save} zip format, so that {@code torch.load} in Python reads the file
 * back: {@code <stem>/data.pkl} (pickle protocol 2, tensors as {@code _rebuild_tensor_v2} calls whose
 * storages are persistent ids {@code ('storage', torch.FloatStorage, key, 'cpu', numel)}),
 * {@code <stem>/byteorder} ("little"), the raw storages {@code <stem>/data/<key>} (uncompressed, each
 * starting on a 64-byte boundary like torch's writer, which lets torch memory-map them) and
 * {@code <stem>/version} ("3"). Every tensor gets its own contiguous storage, except that the same
 * HostTensor object written twice shares one. Files are written atomically.
 *
 * <p>Only objects that {@code torch.load(weights_only=True)} accepts are written: tensors, dicts,
 * OrderedDicts (a {@link StateDict}), lists, tuples, str, int, float, bool and None.
 */
public final class PthWriter {
    private static final int ALIGN = 64;

    private PthWriter() {}

    /** Writes a state dict as an OrderedDict of tensors, the way {@code torch.save(model.state_dict())} does. */
    public static void write(StateDict sd, Path file) {
        writeAny(sd, file);
    }

    /**
     * Writes a nested checkpoint such as {@code {"model": stateDict, "epoch": 3, "optimizer": {...}}}.
     * Values may be {@link HostTensor}, {@link StateDict} (an OrderedDict), {@code Map} with String keys
     * (a dict, in iteration order), {@code List}, {@code Object[]} (a tuple), primitive arrays (lists),
     * String, Integer/Long/Short/Byte, Float/Double, Boolean and null.
     */
    public static void writeObject(Map<String, Object> root, Path file) {
        writeAny(root, file);
    }

    private static void writeAny(Object root, Path file) {
        Serializer s = new Serializer(file);
        s.value(root);
        byte[] pickle = s.pickle.finish();
        String prefix = archiveName(file) + "/";
        try {
            AtomicFiles.write(file, raw -> {
                CountingOutputStream counted = new CountingOutputStream(raw);
                try (ZipOutputStream zip = new ZipOutputStream(counted)) {
                    zip.setMethod(ZipOutputStream.STORED);
                    putStored(zip, counted, prefix + "data.pkl", ByteBuffer.wrap(pickle));
                    putStored(zip, counted, prefix + "byteorder", ByteBuffer.wrap("little".getBytes(StandardCharsets.US_ASCII)));
                    for (int i = 0; i < s.storages.size(); i++) {
                        putStored(zip, counted, prefix + "data/" + i, s.storages.get(i).bytes());
                    }
                    putStored(zip, counted, prefix + "version", ByteBuffer.wrap("3\n".getBytes(StandardCharsets.US_ASCII)));
                }
            });
        } catch (IOException e) {
            throw new CheckpointException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * torch names the archive's top folder after the file, without its last extension ("a.b.pth" ->
     * "a.b"); characters a zip reader might mangle are replaced, since readers discover the folder name.
     */
    static String archiveName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String safe = stem.replaceAll("[^A-Za-z0-9_.-]", "_");
        return safe.isEmpty() ? "archive" : safe;
    }

    /** Adds an uncompressed entry whose data starts on an ALIGN-byte boundary of the file. */
    private static void putStored(ZipOutputStream zip, CountingOutputStream counted, String name, ByteBuffer data)
            throws IOException {
        ByteBuffer d = data.duplicate();
        CRC32 crc = new CRC32();
        crc.update(d.duplicate());
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(d.remaining());
        e.setCompressedSize(d.remaining());
        e.setCrc(crc.getValue());
        // fixed DOS-range time: reproducible files, and no extended-timestamp extra field that would
        // shift the data off the boundary computed below
        e.setTimeLocal(java.time.LocalDateTime.of(2000, 1, 1, 0, 0));
        zip.flush();
        // local header = 30 fixed bytes + name + extra; the extra field pads the data to the boundary
        long dataStart = counted.count + 30 + name.getBytes(StandardCharsets.UTF_8).length;
        int pad = (int) ((ALIGN - dataStart % ALIGN) % ALIGN);
        if (pad < 4) {
            pad += ALIGN; // an extra field needs at least its 4-byte id + length
        }
        byte[] extra = new byte[pad];
        extra[0] = 'F'; // id 0x4246 "FB", the padding tag torch's writer uses
        extra[1] = 'B';
        extra[2] = (byte) (pad - 4);
        extra[3] = (byte) ((pad - 4) >>> 8);
        e.setExtra(extra);
        zip.putNextEntry(e);
        SafetensorsWriter.writeBytes(zip, d);
        zip.closeEntry();
    }

    /** Turns the object tree into pickle opcodes and collects the storages in key order. */
    private static final class Serializer {
        final PickleWriter pickle = new PickleWriter();
        final List<HostTensor> storages = new ArrayList<>();
        final IdentityHashMap<HostTensor, Integer> keys = new IdentityHashMap<>();
        final Path file;

        Serializer(Path file) {
            this.file = file;
        }

        void value(Object o) {
            if (o == null) {
                pickle.none();
            } else if (o instanceof HostTensor) {
                tensor((HostTensor) o);
            } else if (o instanceof StateDict) {
                // collections.OrderedDict(), then its items
                pickle.global("collections", "OrderedDict");
                pickle.emptyTuple();
                pickle.reduce();
                items(((StateDict) o).tensors());
            } else if (o instanceof Map) {
                pickle.emptyDict();
                items((Map<?, ?>) o);
            } else if (o instanceof List) {
                pickle.emptyList();
                List<?> list = (List<?>) o;
                if (!list.isEmpty()) {
                    pickle.mark();
                    for (Object item : list) {
                        value(item);
                    }
                    pickle.appends();
                }
            } else if (o instanceof Object[]) {
                pickle.mark();
                for (Object item : (Object[]) o) {
                    value(item);
                }
                pickle.tuple();
            } else if (o instanceof String) {
                pickle.string((String) o);
            } else if (o instanceof Boolean) {
                pickle.bool((Boolean) o);
            } else if (o instanceof Integer || o instanceof Long || o instanceof Short || o instanceof Byte) {
                pickle.integer(((Number) o).longValue());
            } else if (o instanceof Float || o instanceof Double) {
                pickle.floating(((Number) o).doubleValue());
            } else if (o instanceof int[]) {
                List<Object> l = new ArrayList<>();
                for (int v : (int[]) o) {
                    l.add(v);
                }
                value(l);
            } else if (o instanceof long[]) {
                List<Object> l = new ArrayList<>();
                for (long v : (long[]) o) {
                    l.add(v);
                }
                value(l);
            } else if (o instanceof float[]) {
                List<Object> l = new ArrayList<>();
                for (float v : (float[]) o) {
                    l.add(v);
                }
                value(l);
            } else if (o instanceof double[]) {
                List<Object> l = new ArrayList<>();
                for (double v : (double[]) o) {
                    l.add(v);
                }
                value(l);
            } else {
                throw new CheckpointException("Cannot write " + file + ": values of type " + o.getClass().getName()
                        + " cannot be stored in a .pth checkpoint");
            }
        }

        private void items(Map<?, ?> m) {
            if (m.isEmpty()) {
                return;
            }
            pickle.mark();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                Object k = e.getKey();
                if (!(k instanceof String || k instanceof Integer || k instanceof Long)) {
                    throw new CheckpointException("Cannot write " + file + ": dict key " + k + " is not a string or integer");
                }
                value(k);
                value(e.getValue());
            }
            pickle.setItems();
        }

        /** torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad, backward_hooks). */
        private void tensor(HostTensor t) {
            Integer key = keys.get(t);
            if (key == null) {
                key = storages.size();
                storages.add(t);
                keys.put(t, key);
            }
            long[] shape = t.shape();
            long[] stride = new long[shape.length];
            long s = 1;
            for (int d = shape.length - 1; d >= 0; d--) {
                stride[d] = s;
                s *= shape[d];
            }
            pickle.global("torch._utils", "_rebuild_tensor_v2");
            pickle.mark();
            pickle.mark(); // persistent id ('storage', torch.XxxStorage, key, 'cpu', numel)
            pickle.string("storage");
            pickle.global("torch", t.type().torchStorage);
            pickle.string(String.valueOf(key));
            pickle.string("cpu");
            pickle.integer(t.numel());
            pickle.tuple();
            pickle.persistentIdFromStack();
            pickle.integer(0); // storage offset
            longTuple(shape);
            longTuple(stride);
            pickle.bool(false); // requires_grad
            pickle.global("collections", "OrderedDict"); // backward hooks: an empty OrderedDict
            pickle.emptyTuple();
            pickle.reduce();
            pickle.tuple();
            pickle.reduce();
        }

        private void longTuple(long[] v) {
            pickle.mark();
            for (long x : v) {
                pickle.integer(x);
            }
            pickle.tuple();
        }
    }

    /** Tracks the absolute file offset, needed to align storages. */
    private static final class CountingOutputStream extends FilterOutputStream {
        long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
