package org.samtune.checkpoint;

import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.Unpickler;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads PyTorch's {@code torch.save} zip format (PyTorch >= 1.6): {@code <prefix>/data.pkl} is a
 * pickle whose tensors point, through persistent ids, at raw little-endian storages
 * {@code <prefix>/data/<key>}. Views, strides, storage offsets and shared storages are resolved into
 * C-contiguous {@link HostTensor}s. The prefix is whatever name the file had when it was saved, so it
 * is discovered, not assumed.
 *
 * <p>Only the pickle subset that state dicts use is understood (dicts, OrderedDict, tuples, lists,
 * numbers, strings, tensors, parameters); other objects become plain maps and are ignored when the
 * state dict is located.
 */
public final class PthReader {

    /** Marker for the {@code torch.XxxStorage} globals named inside persistent ids. */
    static final class StorageType implements IObjectConstructor {
        final TensorType type;

        StorageType(TensorType type) {
            this.type = type;
        }

        @Override
        public Object construct(Object[] args) {
            return this; // GLOBAL pushes the constructor itself; the persistent id carries it as a type tag
        }
    }

    /** A storage (flat typed buffer) shared by the tensors that view it. */
    static final class Storage {
        final TensorType type;
        final ByteBuffer bytes;

        Storage(TensorType type, ByteBuffer bytes) {
            this.type = type;
            this.bytes = bytes;
        }
    }

    /** The arguments of {@code torch._utils._rebuild_tensor_v2}, resolved lazily into a HostTensor. */
    static final class TensorRef {
        final Storage storage;
        final long offset;
        final long[] size;
        final long[] stride;

        TensorRef(Storage storage, long offset, long[] size, long[] stride) {
            this.storage = storage;
            this.offset = offset;
            this.size = size;
            this.stride = stride;
        }
    }

    /** OrderedDict as pickled by {@code state_dict()}: BUILD sets {@code _metadata}, which we drop. */
    public static final class OrderedDict extends LinkedHashMap<Object, Object> {
        private static final long serialVersionUID = 1L;

        public void __setstate__(HashMap<?, ?> state) {
            // _metadata (module versions) carries no tensor data
        }

        public void __setstate__(LinkedHashMap<?, ?> state) {
            // same as above; Pyrolite looks the method up by the argument's exact class
        }
    }

    static {
        for (TensorType t : TensorType.values()) {
            Unpickler.registerConstructor("torch", t.torchStorage, new StorageType(t));
        }
        IObjectConstructor rebuildTensor = PthReader::rebuildTensor;
        Unpickler.registerConstructor("torch._utils", "_rebuild_tensor_v2", rebuildTensor);
        Unpickler.registerConstructor("torch._utils", "_rebuild_tensor", rebuildTensor);
        Unpickler.registerConstructor("torch._utils", "_rebuild_parameter", args -> args[0]);
        Unpickler.registerConstructor("torch._utils", "_rebuild_parameter_with_state", args -> args[0]);
        Unpickler.registerConstructor("collections", "OrderedDict", args -> new OrderedDict());
    }

    private PthReader() {}

    /** True when the file starts like a zip archive (torch.save's default format since 1.6). */
    public static boolean looksLikePth(Path file) throws IOException {
        byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(head, 0, 4) == 4 && head[0] == 'P' && head[1] == 'K';
        }
    }

    /**
     * Reads the whole pickled object of a .pth file, with every tensor resolved to a HostTensor.
     * Nested dicts stay nested (LinkedHashMap in file order).
     */
    public static Object readObject(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CheckpointException("Checkpoint file not found: " + file);
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            String prefix = findPrefix(zip, file);
            checkByteOrder(zip, prefix, file);
            Map<String, Storage> storages = new HashMap<>();
            TorchUnpickler unpickler = new TorchUnpickler(zip, prefix, storages, file);
            Object root;
            try (InputStream in = zip.getInputStream(zip.getEntry(prefix + "data.pkl"))) {
                root = unpickler.load(in);
            }
            return materialise(root, file);
        } catch (ZipException e) {
            throw new CheckpointException(file + " is not a PyTorch zip checkpoint (corrupt or truncated archive: "
                    + e.getMessage() + "). Legacy (pre-1.6) torch.save files must be re-saved with a newer PyTorch.", e);
        } catch (PickleException e) {
            throw new CheckpointException("Cannot unpickle " + file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new CheckpointException("Cannot read " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (e instanceof CheckpointException) {
                throw e;
            }
            throw new CheckpointException("Cannot read checkpoint " + file + ": " + e, e);
        } catch (StackOverflowError e) {
            throw new CheckpointException("Cannot read checkpoint " + file + ": its pickle is nested too deeply (corrupt file?)", e);
        }
    }

    /**
     * Reads a .pth file and locates its state dict (top level or nested, e.g. {"model": sd}). Keys are kept
     * as saved; {@link Checkpoints#read} is the usual entry point (format detection, "module." stripping).
     */
    public static StateDict read(Path file) {
        Object root = readObject(file);
        Map<String, HostTensor> sd = StateDictLocator.locate(root);
        if (sd == null || sd.isEmpty()) {
            throw new CheckpointException(file + " holds no tensors: it is not a model checkpoint");
        }
        return new StateDict(sd, file);
    }

    /** torch >= 2.1 records the saving machine's byte order; storages are only read as little-endian here. */
    private static void checkByteOrder(ZipFile zip, String prefix, Path file) throws IOException {
        ZipEntry e = zip.getEntry(prefix + "byteorder");
        if (e == null) {
            return; // older files: always little-endian in practice
        }
        try (InputStream in = zip.getInputStream(e)) {
            String order = new String(in.readNBytes(16), java.nio.charset.StandardCharsets.US_ASCII).trim();
            if (!order.equals("little")) {
                throw new CheckpointException(file + " was saved on a '" + order + "'-endian machine; only little-endian"
                        + " checkpoints are supported (re-save it on a little-endian machine)");
            }
        }
    }

    private static String findPrefix(ZipFile zip, Path file) {
        List<String> candidates = new ArrayList<>();
        for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
            String name = en.nextElement().getName();
            if (name.equals("data.pkl") || name.endsWith("/data.pkl")) {
                candidates.add(name.substring(0, name.length() - "data.pkl".length()));
            }
        }
        if (candidates.isEmpty()) {
            throw new CheckpointException(file + " is a zip file but has no data.pkl: not a torch.save checkpoint");
        }
        // the shortest prefix is the archive root (nested data.pkl files would be unusual)
        candidates.sort((a, b) -> Integer.compare(a.length(), b.length()));
        return candidates.get(0);
    }

    private static Object rebuildTensor(Object[] args) {
        Storage storage = (Storage) args[0];
        long offset = ((Number) args[1]).longValue();
        long[] size = toLongs(args[2]);
        long[] stride = toLongs(args[3]);
        return new TensorRef(storage, offset, size, stride);
    }

    private static long[] toLongs(Object tuple) {
        Object[] items = tuple instanceof Object[] ? (Object[]) tuple : ((List<?>) tuple).toArray();
        long[] out = new long[items.length];
        for (int i = 0; i < items.length; i++) {
            out[i] = ((Number) items[i]).longValue();
        }
        return out;
    }

    /** Replaces every TensorRef in the object tree by a contiguous HostTensor. */
    private static Object materialise(Object o, Path file) {
        if (o instanceof TensorRef) {
            return toHost((TensorRef) o, file);
        }
        if (o instanceof Map) {
            LinkedHashMap<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) o).entrySet()) {
                out.put(e.getKey(), materialise(e.getValue(), file));
            }
            return out;
        }
        if (o instanceof Object[]) {
            Object[] in = (Object[]) o;
            Object[] out = new Object[in.length];
            for (int i = 0; i < in.length; i++) {
                out[i] = materialise(in[i], file);
            }
            return out;
        }
        if (o instanceof List) {
            List<Object> out = new ArrayList<>();
            for (Object item : (List<?>) o) {
                out.add(materialise(item, file));
            }
            return out;
        }
        return o;
    }

    static HostTensor toHost(TensorRef ref, Path file) {
        int esz = ref.storage.type.bytes;
        int rank = ref.size.length;
        long numel = 1;
        for (long s : ref.size) {
            numel *= s;
        }
        long storageElems = ref.storage.bytes.capacity() / esz;
        // highest element index the view touches must lie inside the storage
        long maxIndex = ref.offset;
        for (int d = 0; d < rank; d++) {
            if (ref.size[d] > 0) {
                maxIndex += (ref.size[d] - 1) * ref.stride[d];
            }
        }
        if (numel > 0 && (ref.offset < 0 || maxIndex >= storageElems)) {
            throw new CheckpointException(file + ": tensor view (offset " + ref.offset + ") reaches element " + maxIndex
                    + " of a storage holding " + storageElems + ": the file is corrupt");
        }
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(numel * esz)).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer src = ref.storage.bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (isContiguous(ref.size, ref.stride)) {
            src.position(Math.toIntExact(ref.offset * esz));
            src.limit(Math.toIntExact((ref.offset + numel) * esz));
            out.put(src);
        } else if (numel > 0) {
            // odometer over the view's indices, copying one element at a time
            long[] idx = new long[rank];
            byte[] tmp = new byte[esz];
            for (long n = 0; n < numel; n++) {
                long pos = ref.offset;
                for (int d = 0; d < rank; d++) {
                    pos += idx[d] * ref.stride[d];
                }
                src.position(Math.toIntExact(pos * esz));
                src.get(tmp);
                out.put(tmp);
                for (int d = rank - 1; d >= 0; d--) {
                    if (++idx[d] < ref.size[d]) {
                        break;
                    }
                    idx[d] = 0;
                }
            }
        }
        out.flip();
        return new HostTensor(ref.storage.type, ref.size, out);
    }

    static boolean isContiguous(long[] size, long[] stride) {
        long expected = 1;
        for (int d = size.length - 1; d >= 0; d--) {
            if (size[d] != 1 && stride[d] != expected) {
                return false;
            }
            expected *= size[d];
        }
        return true;
    }

    /** Unpickler that resolves storages from the archive and keeps dict insertion order. */
    private static final class TorchUnpickler extends Unpickler {
        private final ZipFile zip;
        private final String prefix;
        private final Map<String, Storage> storages;
        private final Path file;

        TorchUnpickler(ZipFile zip, String prefix, Map<String, Storage> storages, Path file) {
            this.zip = zip;
            this.prefix = prefix;
            this.storages = storages;
            this.file = file;
        }

        @Override
        protected Object dispatch(short key) throws PickleException, IOException {
            if (key == Opcodes.EMPTY_DICT) {
                stack.add(new LinkedHashMap<>());
                return NO_RETURN_VALUE;
            }
            if (key == Opcodes.SETITEMS) {
                // Pyrolite's own SETITEMS goes through a HashMap and loses the file's key order
                List<Object> items = stack.pop_all_since_marker();
                @SuppressWarnings("unchecked")
                Map<Object, Object> dict = (Map<Object, Object>) stack.peek();
                for (int i = 0; i + 1 < items.size(); i += 2) {
                    dict.put(items.get(i), items.get(i + 1));
                }
                return NO_RETURN_VALUE;
            }
            return super.dispatch(key);
        }

        @Override
        protected Object persistentLoad(Object pid) {
            Object[] t = pid instanceof Object[] ? (Object[]) pid : ((List<?>) pid).toArray();
            if (t.length < 5 || !"storage".equals(t[0])) {
                throw new CheckpointException(file + ": unsupported persistent id in pickle: " + java.util.Arrays.toString(t));
            }
            if (!(t[1] instanceof StorageType)) {
                throw new CheckpointException(file + ": unsupported storage type " + t[1]);
            }
            TensorType type = ((StorageType) t[1]).type;
            String key = String.valueOf(t[2]);
            long numel = ((Number) t[4]).longValue();
            return storages.computeIfAbsent(key, k -> readStorage(k, type, numel));
        }

        private Storage readStorage(String key, TensorType type, long numel) {
            ZipEntry entry = zip.getEntry(prefix + "data/" + key);
            if (entry == null) {
                throw new CheckpointException(file + ": storage data/" + key + " is missing from the archive (truncated file?)");
            }
            if (numel < 0 || numel > Long.MAX_VALUE / type.bytes) {
                throw new CheckpointException(file + ": storage data/" + key + " has an impossible size " + numel);
            }
            long nbytes = numel * type.bytes;
            // the archive's own record of the entry size catches corrupt pickles before any allocation
            if (entry.getSize() >= 0 && entry.getSize() < nbytes) {
                throw new CheckpointException(file + ": storage data/" + key + " holds " + entry.getSize()
                        + " bytes, but the pickle expects " + nbytes + " (corrupt file)");
            }
            if (nbytes > Integer.MAX_VALUE - 8) {
                throw new CheckpointException(file + ": storage data/" + key + " has " + nbytes
                        + " bytes; storages over 2 GiB are not supported");
            }
            try (InputStream in = zip.getInputStream(entry)) {
                byte[] data = in.readNBytes((int) nbytes);
                if (data.length != nbytes) {
                    throw new CheckpointException(file + ": storage data/" + key + " has " + data.length
                            + " bytes, expected " + nbytes + " (truncated file?)");
                }
                return new Storage(type, ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN));
            } catch (IOException e) {
                throw new CheckpointException(file + ": cannot read storage data/" + key + ": " + e.getMessage(), e);
            }
        }
    }
}
