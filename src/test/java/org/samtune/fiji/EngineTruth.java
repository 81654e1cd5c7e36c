package org.samtune.fiji;

import org.samtune.Fixtures;
import org.samtune.engine.DjlRuntime;
import org.samtune.engine.LoadedModel;
import org.samtune.engine.ModelLoader;
import org.samtune.model.SamConfig;
import org.samtune.predict.Prediction;
import org.samtune.predict.Prompt;
import org.samtune.predict.RgbImage;
import org.samtune.predict.SamPredictor;

import java.io.File;
import java.util.List;

/** The engine's own answer (SamPredictor on a freshly loaded sam-tiny), the truth the front-ends must reproduce. */
public final class EngineTruth {
    private EngineTruth() {}

    public static File checkpoint() {
        return Fixtures.file("sam-tiny/model.pth").toAbsolutePath().toFile();
    }

    public static File config() {
        return Fixtures.file("sam-tiny/config.json").toAbsolutePath().toFile();
    }

    public static Prediction predict(RgbImage image, List<Prompt> prompts, boolean multimask) {
        DjlRuntime.init(1);
        ModelLoader.Options o = new ModelLoader.Options();
        o.config = SamConfig.fromJson(config().toPath());
        o.device = DjlRuntime.DeviceChoice.CPU;
        try (LoadedModel m = ModelLoader.load(checkpoint().toPath(), o);
             SamPredictor p = new SamPredictor(m.model(), m.manager(), m.preprocessing())) {
            p.setImage(image);
            return p.predict(prompts, multimask);
        }
    }

    /** The mask of the best mask of every object, unioned, as 0/255 bytes. */
    public static byte[] unionMask(Prediction p) {
        boolean[] m = MaskOutputs.union(p);
        byte[] out = new byte[m.length];
        for (int i = 0; i < m.length; i++) {
            out[i] = m[i] ? (byte) 255 : 0;
        }
        return out;
    }

    public static int count(byte[] mask) {
        int n = 0;
        for (byte b : mask) {
            n += b != 0 ? 1 : 0;
        }
        return n;
    }
}
