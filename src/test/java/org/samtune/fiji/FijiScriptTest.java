package org.samtune.fiji;

import groovy.lang.Binding;
import groovy.lang.GroovyShell;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samtune.Fixtures;
import org.samtune.eval.MetricsTable;
import org.samtune.train.FineTuning;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * scripts/finetune-evaluate.groovy run as Fiji's script service runs it: the {@code #@} parameter lines become
 * empty lines (SciJava's ParameterScriptProcessor) and each parameter is a variable of the script's binding. The
 * tiny architecture from scratch, 1 epoch, on the bundled 5-shot lists; the script must leave the fine-tuning run and
 * its evaluation.
 */
class FijiScriptTest {
    static final Path SCRIPT = Path.of("scripts/finetune-evaluate.groovy");
    static final Path PROSTATE = Path.of("src/test/resources/datasets/mri-prostate");
    /** {@code #@ Type (attributes) name}. */
    static final Pattern PARAMETER = Pattern.compile("^#@\\s*(\\w+)\\s*(\\(.*\\))?\\s*(\\w+)\\s*$");

    @TempDir
    Path tmp;

    /** The script's parameters, name to type, in order. */
    static Map<String, String> parameters(List<String> lines) {
        Map<String, String> p = new LinkedHashMap<>();
        for (String line : lines) {
            if (line.startsWith("#@")) {
                Matcher m = PARAMETER.matcher(line);
                assertTrue(m.matches(), "a parameter line: " + line);
                p.put(m.group(3), m.group(1));
            }
        }
        return p;
    }

    @Test
    void fineTunesAndEvaluatesThroughTheEngine() throws Exception {
        List<String> lines = Files.readAllLines(SCRIPT, StandardCharsets.UTF_8);
        Path out = tmp.resolve("run");
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("train", PROSTATE.resolve("MRI-Prostate/train_5shot.csv").toFile());
        values.put("val", PROSTATE.resolve("MRI-Prostate/val_5shot.csv").toFile());
        values.put("out", out.toFile());
        values.put("checkpoint", null); // an empty optional File parameter
        values.put("config", Fixtures.file("sam-tiny/config.json").toFile());
        values.put("imageRoot", PROSTATE.toFile());
        values.put("maskRoot", PROSTATE.toFile());
        values.put("method", "vanilla");
        values.put("components", "encoder+decoder");
        values.put("prompt", "box");
        values.put("classes", 2);
        values.put("epochs", 1);
        values.put("batch", 2);
        values.put("warmup", 0);
        values.put("seed", 0L);
        values.put("device", "cpu");
        values.put("threads", 1);
        Map<String, String> declared = parameters(lines);
        assertEquals(declared.keySet(), values.keySet(), "the test binds exactly the script's parameters");
        for (Map.Entry<String, Object> e : values.entrySet()) {
            Object v = e.getValue();
            String type = declared.get(e.getKey());
            if (v != null) {
                assertEquals(type, v instanceof File ? "File" : v.getClass().getSimpleName(), e.getKey());
            }
        }

        StringBuilder processed = new StringBuilder();
        for (String line : lines) {
            processed.append(line.startsWith("#@") ? "" : line).append('\n');
        }
        Binding binding = new Binding();
        values.forEach(binding::setVariable);
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            new GroovyShell(binding).evaluate(processed.toString(), "finetune-evaluate.groovy");
        } finally {
            System.setOut(stdout);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        stdout.print(log);

        assertTrue(log.contains("SAM Tune: fine-tuned 1 epochs"), log);
        assertTrue(log.contains("SAM Tune: epoch 1: loss"), log);
        for (String f : new String[] {FineTuning.BEST, FineTuning.LAST, "training_log.csv", "args.json"}) {
            assertTrue(Files.size(out.resolve("finetune").resolve(f)) > 0, f);
        }
        MetricsTable metrics = MetricsTable.read(out.resolve("evaluation/metrics.csv"));
        List<MetricsTable.Row> fg = metrics.rows().stream().filter(r -> r.cls() == 1).toList();
        assertEquals(5, fg.size(), "one foreground row per validation image");
        assertTrue(fg.stream().allMatch(r -> r.model().equals("finetuned")));
        assertTrue(Files.size(out.resolve("evaluation/summary.csv")) > 0);
        assertTrue(log.contains("finetuned class 1"), log);
    }
}
