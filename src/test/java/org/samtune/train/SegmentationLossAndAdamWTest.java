package org.samtune.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import org.junit.jupiter.api.Test;
import org.samtune.Fixtures;
import org.samtune.model.ModelWeights;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The loss and the optimizer in isolation against finetune-SAM's recorded training step
 * (fixtures/train-step): loss from the recorded logits, and one AdamW step from the recorded
 * parameters and gradients.
 */
class SegmentationLossAndAdamWTest {

    @Test
    void lossMatchesFinetuneSam() {
        for (String variant : new String[] {"variant1_decoder", "variant2_lora"}) {
            try (NDManager m = NDManager.newBaseManager()) {
                NDList step = Fixtures.npz(m, "train-step/" + variant + "/step.npz");
                NDArray labels = step.get("masks").squeeze(1); // (B, 32, 32)
                SegmentationLoss.Terms t = SegmentationLoss.compute(step.get("pred"), labels);
                assertEquals(step.get("loss_dice").getFloat(), t.dice.getFloat(), 1e-5, variant + " dice");
                assertEquals(step.get("loss_ce").getFloat(), t.crossEntropy.getFloat(), 1e-5, variant + " ce");
                assertEquals(step.get("loss").getFloat(), t.total.getFloat(), 1e-5, variant + " total");
            }
        }
    }

    @Test
    void oneAdamWStepMatchesTorch() {
        for (String variant : new String[] {"variant1_decoder", "variant2_lora"}) {
            try (NDManager m = NDManager.newBaseManager(); AdamW opt = new AdamW(m)) {
                NDList step = Fixtures.npz(m, "train-step/" + variant + "/step.npz");
                Map<String, Parameter> params = new LinkedHashMap<>();
                Map<String, NDArray> expected = new LinkedHashMap<>();
                for (NDArray a : step) {
                    String name = a.getName();
                    if (!name.startsWith("before__")) {
                        continue;
                    }
                    String key = name.substring("before__".length());
                    boolean hasGrad = step.get("has_grad__" + key).getBoolean();
                    boolean trainable = step.get("requires_grad__" + key).getBoolean();
                    if (!trainable) {
                        continue;
                    }
                    Parameter p = Parameter.builder().setName(key).setType(Parameter.Type.WEIGHT).build();
                    NDArray value = a.duplicate();
                    ModelWeights.set(p, value);
                    if (hasGrad) {
                        // give the leaf exactly the recorded gradient: d(sum(p * g))/dp = g
                        try (ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                            gc.backward(value.mul(step.get("grad__" + key)).sum());
                        }
                    }
                    params.put(key, p);
                    expected.put(key, step.get("after__" + key));
                }
                assertFalse(params.isEmpty());
                int updated = opt.step(params, 1e-3);
                long withGrad = expected.keySet().stream().filter(k -> step.get("has_grad__" + k).getBoolean()).count();
                assertEquals(withGrad, updated, variant + ": parameters updated");
                for (Map.Entry<String, Parameter> e : params.entrySet()) {
                    NDArray after = e.getValue().getArray();
                    float diff = after.sub(expected.get(e.getKey())).abs().max().getFloat();
                    assertTrue(diff <= 1e-4, variant + " " + e.getKey() + ": max |diff| " + diff);
                    assertFalse(after.hasGradient() && ai.djl.pytorch.jni.JniUtils.getGradient((ai.djl.pytorch.engine.PtNDArray) after) != null,
                            "gradient must be reset to None after the step");
                }
            }
        }
    }
}
