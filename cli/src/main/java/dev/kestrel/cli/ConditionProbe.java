package dev.kestrel.cli;

import dev.kestrel.engine.loader.Diagnostic;
import dev.kestrel.engine.loader.RulesSource;
import dev.kestrel.engine.runtime.EventForm;
import dev.kestrel.engine.runtime.Kestrel;
import dev.kestrel.engine.runtime.KestrelBuilder;
import dev.kestrel.engine.runtime.ReloadResult;
import dev.kestrel.engine.runtime.RuleSelection;
import dev.kestrel.engine.runtime.RulesLoadException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Evaluates a bare condition on field-value events, with the macros and lists of some rules files
 * available. The condition is wrapped in a one-rule file loaded after those files, so it goes
 * through exactly the loader and compiler a real rule does; the files' own rules never run.
 */
final class ConditionProbe implements AutoCloseable {

    /** The name of the wrapping rule and of its file in messages. */
    static final String RULE = "kestrel eval";
    static final String SOURCE = "<condition>";
    /** The wrapper's line holding the condition's first line, and the indent of every condition line. */
    private static final int CONDITION_LINE = 4;
    private static final String INDENT = "    ";

    /** The outcome for one condition and event: a match or not, or the error that stopped it. */
    record Outcome(boolean match, String error) {
    }

    private final List<RulesSource> files;
    private final Kestrel kestrel;

    /**
     * @throws RulesLoadException when {@code files} themselves do not load
     */
    ConditionProbe(List<RulesSource> files) {
        this.files = List.copyOf(files);
        KestrelBuilder b = Kestrel.builder().events(EventForm.FIELD_VALUES).logReloadFailures(false)
                .select(RuleSelection.disableName("")).enableRules(RULE);
        files.forEach(f -> b.rulesText(f.name(), f.content()));
        if (files.isEmpty()) {
            b.rulesText(SOURCE, ""); // no rules until the first condition is reloaded in
        }
        this.kestrel = b.build();
    }

    Outcome evaluate(String condition, Map<String, Object> fields) {
        List<RulesSource> sources = new ArrayList<>(files);
        sources.add(new RulesSource(SOURCE, wrap(condition)));
        ReloadResult r = kestrel.reload(sources);
        if (!r.applied()) {
            return new Outcome(false, describe(r.errors()));
        }
        try {
            return new Outcome(kestrel.processFieldValues(fields) > 0, null);
        } catch (RulesLoadException e) {
            return new Outcome(false, describe(e.errors()));
        } catch (IllegalArgumentException e) {
            return new Outcome(false, e.getMessage());
        }
    }

    /** The one-rule file holding {@code condition} as a literal block, so no YAML quoting is needed. */
    static String wrap(String condition) {
        String body = condition.lines().map(l -> INDENT + l).collect(Collectors.joining("\n"));
        return "- rule: " + RULE + "\n"
                + "  desc: the condition given on the command line\n"
                + "  condition: |-\n" + body + "\n"
                + "  output: matched\n"
                + "  priority: debug\n"
                + "  warn_evttypes: false\n";
    }

    private static String describe(List<Diagnostic> errors) {
        return errors.stream()
                .map(d -> d.file().equals(SOURCE) ? where(d) + d.code() + ": " + d.message() : d.format())
                .collect(Collectors.joining("; "));
    }

    /** Where a problem is in the condition as the user wrote it (the wrapper adds 3 lines and 4 blanks). */
    static String where(Diagnostic d) {
        int line = d.line() - CONDITION_LINE + 1;
        int column = d.column() - INDENT.length();
        if (line < 1 || column < 1) {
            return "";
        }
        return (line > 1 ? "line " + line + ", " : "") + "column " + column + ": ";
    }

    @Override
    public void close() {
        kestrel.close();
    }
}
