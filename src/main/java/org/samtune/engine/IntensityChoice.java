package org.samtune.engine;

import org.samtune.io.IntensityMapping;

/**
 * Which intensity mapping a segmentation or evaluation uses, and why: the user's explicit choice wins; without one,
 * the mapping the model was fine-tuned with (recorded in its {@code sam_config.json}); without that, {@code auto}.
 *
 * @param mapping what is applied
 * @param source  "given", "recorded with the model" or "default"
 */
public record IntensityChoice(IntensityMapping mapping, String source) {

    /** {@code user}: a spec ({@link IntensityMapping#parse}) or null/blank for none. */
    public static IntensityChoice resolve(String user, LoadedModel model) {
        return resolve(user == null || user.isBlank() ? null : IntensityMapping.parse(user), model.intensity());
    }

    /** {@code user} and {@code recorded} may be null. */
    public static IntensityChoice resolve(IntensityMapping user, IntensityMapping recorded) {
        if (user != null) {
            String note = recorded != null && !recorded.spec().equals(user.spec())
                    ? "given; overrides " + recorded.spec() + " recorded with the model" : "given";
            return new IntensityChoice(user, note);
        }
        if (recorded != null) {
            return new IntensityChoice(recorded, "recorded with the model");
        }
        return new IntensityChoice(IntensityMapping.auto(), "default");
    }

    /** One line for logs: "intensity: ct:soft-tissue (recorded with the model)". */
    public String describe() {
        return "intensity: " + mapping.spec() + " (" + source + ")";
    }
}
