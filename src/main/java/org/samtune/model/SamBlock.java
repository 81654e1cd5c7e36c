package org.samtune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Base of every SAM module: a DJL block whose parameters and children carry PyTorch's names, so the
 * block tree enumerates exactly the keys of a PyTorch {@code state_dict()} ("blocks.0.attn.qkv.weight").
 *
 * <p>Parameters are not shape-initialised through DJL's {@code initialize}: their arrays are set from
 * a checkpoint or from an explicit initialiser ({@link ModelWeights}), using the shapes declared here.
 * Subclasses expose typed forward methods; {@link #forwardInternal} is only implemented where a block
 * is used as a plain DJL block.
 */
public abstract class SamBlock extends AbstractBlock {
    private final LinkedHashMap<String, Parameter> torchParams = new LinkedHashMap<>();
    private final LinkedHashMap<String, Shape> torchShapes = new LinkedHashMap<>();
    private final LinkedHashMap<String, SamBlock> torchChildren = new LinkedHashMap<>();

    /** Declares a trainable tensor named as in PyTorch. */
    protected final Parameter param(String name, long... shape) {
        return declare(name, Parameter.Type.WEIGHT, true, shape);
    }

    /** Declares a persistent buffer (saved in the state dict, never trained). */
    protected final Parameter buffer(String name, long... shape) {
        return declare(name, Parameter.Type.OTHER, false, shape);
    }

    private Parameter declare(String name, Parameter.Type type, boolean grad, long... shape) {
        Parameter p = Parameter.builder().setName(name).setType(type).optRequiresGrad(grad).build();
        addParameter(p);
        torchParams.put(name, p);
        torchShapes.put(name, new Shape(shape));
        return p;
    }

    /** Adds a submodule under its PyTorch attribute name (lists use "blocks.0", "blocks.1", ...). */
    protected final <B extends SamBlock> B child(String name, B block) {
        addChildBlock(name, block);
        torchChildren.put(name, block);
        return block;
    }

    /** Every parameter and buffer of this subtree, keyed by its state-dict name, in registration order. */
    public final Map<String, Parameter> namedParameters() {
        LinkedHashMap<String, Parameter> out = new LinkedHashMap<>();
        collect("", out, null);
        return out;
    }

    /** The declared shape of every state-dict entry of this subtree. */
    public final Map<String, Shape> namedShapes() {
        LinkedHashMap<String, Shape> out = new LinkedHashMap<>();
        collect("", null, out);
        return out;
    }

    /** Direct children by PyTorch name. */
    public final Map<String, SamBlock> namedChildren() {
        return java.util.Collections.unmodifiableMap(torchChildren);
    }

    private void collect(String prefix, Map<String, Parameter> params, Map<String, Shape> shapes) {
        for (Map.Entry<String, Parameter> e : torchParams.entrySet()) {
            if (params != null) {
                params.put(prefix + e.getKey(), e.getValue());
            }
            if (shapes != null) {
                shapes.put(prefix + e.getKey(), torchShapes.get(e.getKey()));
            }
        }
        for (Map.Entry<String, SamBlock> e : torchChildren.entrySet()) {
            e.getValue().collect(prefix + e.getKey() + ".", params, shapes);
        }
    }

    /** The current value of a parameter (set by {@link ModelWeights}). */
    protected static NDArray v(Parameter p) {
        NDArray a = p.isInitialized() ? p.getArray() : null;
        if (a == null) {
            throw new IllegalStateException("Parameter " + p.getName() + " has no value: load a checkpoint or initialise the model first");
        }
        return a;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " is called through its typed forward method");
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not infer shapes; weights come from checkpoints");
    }
}
