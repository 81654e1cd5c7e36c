package org.samtune.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Every subcommand's usage text describes each option exactly once (picocli mixin groups used to print twice). */
class UsageHelpTest {
    /** An option's line in picocli's option list: the long name starts in column 6 ("  -h, --help", "      --arch"). */
    private static final Pattern OPTION_LINE = Pattern.compile("^(?:  -\\w, |      )(--[A-Za-z0-9-]+)");

    @Test
    void eachOptionIsDescribedOnceInEverySubcommand() {
        CommandLine root = new CommandLine(new SamTune());
        assertFalse(root.getSubcommands().isEmpty());
        List<String> duplicates = new ArrayList<>();
        for (Map.Entry<String, CommandLine> sub : root.getSubcommands().entrySet()) {
            String usage = sub.getValue().getUsageMessage(CommandLine.Help.Ansi.OFF);
            Map<String, Integer> counts = new HashMap<>();
            for (String line : usage.split("\n")) {
                Matcher m = OPTION_LINE.matcher(line);
                if (m.find()) {
                    counts.merge(m.group(1), 1, Integer::sum);
                }
            }
            // every declared option is described, and only once
            java.util.Set<String> declared = new java.util.TreeSet<>();
            for (CommandLine.Model.OptionSpec o : sub.getValue().getCommandSpec().options()) {
                if (!o.hidden()) {
                    declared.add(o.longestName());
                }
            }
            for (String name : declared) {
                if (!name.startsWith("--")) {
                    continue;
                }
                int n = counts.getOrDefault(name, 0);
                if (n != 1) {
                    duplicates.add(sub.getKey() + " " + name + " x" + n);
                }
            }
        }
        assertEquals(List.of(), duplicates);
    }
}
