package org.samtune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import org.samtune.checkpoint.CheckpointException;
import org.samtune.checkpoint.HostTensor;
import org.samtune.checkpoint.StateDict;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Moves tensors between a {@link SamBlock} tree and state dicts (PyTorch names), strictly checked. */
public final class ModelWeights {
    private ModelWeights() {}

    /**
     * Sets every parameter of {@code model} from {@code sd}. Strict: any key the model has and the file
     * lacks, any key the file has and the model lacks, and any shape mismatch fails with one message
     * naming all of them and the file. Nothing is changed when the check fails.
     *
     * @param ignoredPrefixes keys in the file starting with one of these are skipped (for example the
     *     TinyViT ImageNet head, which SAM never uses)
     */
    public static void load(SamBlock model, StateDict sd, NDManager manager, String... ignoredPrefixes) {
        Map<String, Parameter> params = model.namedParameters();
        Map<String, Shape> shapes = model.namedShapes();
        List<String> missing = new ArrayList<>();
        List<String> wrongShape = new ArrayList<>();
        for (Map.Entry<String, Shape> e : shapes.entrySet()) {
            HostTensor t = sd.get(e.getKey());
            if (t == null) {
                missing.add(e.getKey() + " " + e.getValue());
            } else if (!Arrays.equals(t.shape(), e.getValue().getShape())) {
                wrongShape.add(e.getKey() + ": file " + Arrays.toString(t.shape()) + ", model " + Arrays.toString(e.getValue().getShape()));
            }
        }
        List<String> unexpected = new ArrayList<>();
        for (Map.Entry<String, HostTensor> e : sd.tensors().entrySet()) {
            if (!params.containsKey(e.getKey()) && !ignored(e.getKey(), ignoredPrefixes)) {
                unexpected.add(e.getKey() + " " + Arrays.toString(e.getValue().shape()));
            }
        }
        if (!missing.isEmpty() || !unexpected.isEmpty() || !wrongShape.isEmpty()) {
            StringBuilder m = new StringBuilder("Checkpoint " + sd.sourceName() + " does not match the model architecture");
            appendList(m, "missing keys", missing);
            appendList(m, "unexpected keys", unexpected);
            appendList(m, "shape mismatches", wrongShape);
            m.append("\n(choose the matching --arch/--config, or check that the file is a SAM checkpoint)");
            throw new CheckpointException(m.toString());
        }
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            HostTensor t = sd.get(e.getKey());
            // integer buffers (BatchNorm's num_batches_tracked) keep their type, so state dicts round-trip
            boolean intBuffer = e.getValue().getType() == Parameter.Type.OTHER && !t.type().isFloating();
            set(e.getValue(), intBuffer ? t.toNDArray(manager) : t.toFloat32(manager));
        }
    }

    private static boolean ignored(String key, String[] prefixes) {
        for (String p : prefixes) {
            if (key.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    private static void appendList(StringBuilder m, String title, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        m.append("\n  ").append(items.size()).append(' ').append(title).append(':');
        int shown = Math.min(items.size(), 20);
        for (int i = 0; i < shown; i++) {
            m.append("\n    ").append(items.get(i));
        }
        if (items.size() > shown) {
            m.append("\n    ... and ").append(items.size() - shown).append(" more");
        }
    }

    /** Replaces a parameter's array, closing the old one. */
    public static void set(Parameter p, NDArray value) {
        // DJL's Parameter.getArray() throws while unset, and setArray() refuses once a shape is known.
        if (p.isInitialized()) {
            p.close();
        }
        p.setShape(null);
        if (p.requiresGradient()) {
            value.setRequiresGradient(true);
        }
        p.setArray(value);
    }

    /**
     * Gives every parameter that has no value yet a random value in the style of PyTorch's defaults
     * (uniform ±1/sqrt(fan_in) for weights, zeros for biases, ones for norm weights); used for
     * benchmarks and for training from scratch.
     */
    public static void initRandom(SamBlock model, NDManager manager, long seed) {
        Random rnd = new Random(seed);
        for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
            if (e.getValue().isInitialized()) {
                continue;
            }
            Shape shape = model.namedShapes().get(e.getKey());
            float[] data = new float[Math.toIntExact(shape.size())];
            String k = e.getKey();
            if (k.endsWith("num_batches_tracked")) {
                set(e.getValue(), manager.create(0L)); // int64 scalar, as torch's BatchNorm
                continue;
            }
            // BatchNorm: identity statistics (running_var 1), unit scale
            boolean isNorm = k.contains("norm") || k.matches(".*neck\\.[13]\\.weight") || k.endsWith(".bn.weight")
                    || k.endsWith("running_var");
            if (k.endsWith("bias") || k.endsWith("running_mean")) {
                Arrays.fill(data, 0f);
            } else if (isNorm && shape.dimension() == 1) {
                Arrays.fill(data, 1f);
            } else {
                long fanIn = shape.dimension() > 1 ? shape.size() / shape.get(0) : shape.size();
                double bound = shape.dimension() > 1 ? 1.0 / Math.sqrt(fanIn) : 0.02;
                for (int i = 0; i < data.length; i++) {
                    data[i] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
                }
            }
            set(e.getValue(), manager.create(data, shape));
        }
    }

    /** The model's current weights as a state dict (host copies, PyTorch names, registration order). */
    public static StateDict export(SamBlock model) {
        LinkedHashMap<String, HostTensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
            out.put(e.getKey(), HostTensor.of(v(e.getValue())));
        }
        return new StateDict(out, null);
    }

    private static NDArray v(Parameter p) {
        return SamBlock.v(p);
    }
}
