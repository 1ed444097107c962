package dev.kestrel.cli;

import dev.kestrel.core.alert.Alert;
import dev.kestrel.core.alert.AlertSink;
import dev.kestrel.engine.loader.Diagnostic;
import dev.kestrel.engine.loader.RulesSource;
import dev.kestrel.engine.runtime.Kestrel;
import dev.kestrel.engine.runtime.KestrelBuilder;
import dev.kestrel.engine.runtime.RuleSelection;
import dev.kestrel.engine.runtime.RulesLoadException;
import dev.kestrel.sensor.scap.ScapReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code kestrel filter}: prints a line for each event of a capture (or JSON Lines stream) that a
 * condition matches, formatted like a Falco output, so the result can be compared line by line with
 * {@code sysdig -r FILE -p FORMAT CONDITION}.
 */
final class FilterCommand implements Command {

    static final String DEFAULT_FORMAT = "%evt.num %evt.type %proc.name";
    private static final String RULE = "kestrel filter";
    private static final String INDENT = "    ";
    private static final String CONDITION_SOURCE = ConditionProbe.SOURCE;

    @Override
    public String summary() {
        return "print the events of a capture that match a condition (like sysdig -r FILE -p FORMAT CONDITION)";
    }

    @Override
    public String usage() {
        return """
                usage: kestrel filter [-p FORMAT] [--rules FILE]... 'CONDITION' FILE

                Reads FILE, a Falco/sysdig capture (.scap, plain or gzip, recognised by its content) or
                a JSON Lines event stream, and prints FORMAT for every event CONDITION matches, one
                line each, in the capture's order. Each enter and exit event of a capture is one
                event, and %evt.num numbers them as sysdig does.

                  -p FORMAT      what to print, in Falco's output syntax (default '%evt.num %evt.type %proc.name');
                                 as with sysdig, an event with a field that has no value is not printed
                                 unless FORMAT starts with '*'
                  --rules FILE   a rules file whose macros and lists CONDITION may use; repeat for several""";
    }

    @Override
    public int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        String format = DEFAULT_FORMAT;
        List<String> rules = new ArrayList<>();
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-p") || a.equals("--print")) {
                if (i + 1 >= args.size()) {
                    return usageError(err, a + " needs a format");
                }
                format = args.get(++i);
            } else if (a.equals("--rules") || a.equals("-r")) {
                if (i + 1 >= args.size()) {
                    return usageError(err, "--rules needs a file");
                }
                rules.add(args.get(++i));
            } else if (a.startsWith("-") && a.length() > 1) {
                return usageError(err, "unknown option '" + a + "'");
            } else {
                positional.add(a);
            }
        }
        if (positional.size() != 2) {
            return usageError(err, "give a condition and a file");
        }
        if (format.contains("\n")) {
            return usageError(err, "the format must be one line");
        }
        Path file = Path.of(positional.get(1));
        if (!Files.isRegularFile(file)) {
            err.println("kestrel filter: no such file: " + file);
            return FAILED;
        }
        List<RulesSource> sources = RulesArguments.read(rules, err, "filter");
        if (sources == null) {
            return FAILED;
        }
        boolean printMissing = format.startsWith("*");
        if (printMissing) {
            format = format.substring(1);
        }
        LineSink sink = new LineSink(out, printMissing);
        KestrelBuilder b = Kestrel.builder().sink(sink).alertQueue(65_536, Duration.ofDays(1))
                .select(RuleSelection.disableName("")).enableRules(RULE);
        sources.forEach(s -> b.rulesText(s.name(), s.content()));
        b.rulesText(CONDITION_SOURCE, wrap(positional.get(0), format));
        Kestrel kestrel;
        try {
            kestrel = b.build();
        } catch (RulesLoadException e) {
            long conditionLines = Math.max(1, positional.get(0).lines().count());
            e.errors().forEach(d -> err.println(describe(d, conditionLines)));
            err.println("kestrel filter: the condition or the rules have " + e.errors().size() + " error(s)");
            return FAILED;
        }
        String error = null;
        try {
            if (ScapReader.isCapture(file)) {
                error = CaptureFeed.replay(kestrel, file).error();
            } else {
                try (InputStream events = Files.newInputStream(file)) {
                    EventFeed.replay(kestrel, events);
                }
            }
        } catch (NoSuchFileException e) {
            err.println("kestrel filter: no such file: " + file);
            kestrel.close();
            return FAILED;
        } catch (IOException e) {
            err.println("kestrel filter: cannot read " + file + ": " + e.getMessage());
            kestrel.close();
            return FAILED;
        }
        kestrel.close();
        out.flush();
        if (error != null) {
            err.println("kestrel filter: " + error);
            return FAILED;
        }
        return OK;
    }

    /**
     * A load error as the user can place it: in a rules file by its file, line and column; in the
     * condition by its line and column there (not in the wrapper of {@link #wrap}); else in the format.
     */
    private static String describe(Diagnostic d, long conditionLines) {
        if (!d.file().equals(CONDITION_SOURCE)) {
            return d.format();
        }
        String where = ConditionProbe.where(d);
        if (d.line() >= 4 + conditionLines || where.isEmpty()) {
            return "kestrel filter: the format: " + d.code() + ": " + d.message();
        }
        return "kestrel filter: the condition, " + where + d.code() + ": " + d.message();
    }

    /** The one-rule file holding the condition and the format as literal blocks, so no YAML quoting is needed. */
    static String wrap(String condition, String format) {
        String body = condition.lines().map(l -> INDENT + l).collect(Collectors.joining("\n"));
        return "- rule: " + RULE + "\n"
                + "  desc: the condition given on the command line\n"
                + "  condition: |-\n" + body + "\n"
                + "  output: |-\n" + INDENT + format + "\n"
                + "  priority: debug\n"
                + "  warn_evttypes: false\n";
    }

    /**
     * Prints the formatted output of each match, without the time and priority of an alert line. As
     * sysdig does, a line with a field that has no value is left out unless the format began with '*'.
     */
    private static final class LineSink implements AlertSink {
        private static final String MARK = ": Debug ";
        private final PrintStream out;
        private final boolean printMissing;

        LineSink(PrintStream out, boolean printMissing) {
            this.out = out;
            this.printMissing = printMissing;
        }

        @Override
        public String name() {
            return "filter";
        }

        @Override
        public void accept(Alert alert) {
            if (!printMissing && alert.outputFields().containsValue(null)) {
                return;
            }
            String line = alert.output();
            int at = line.indexOf(MARK);
            out.println(at < 0 ? line : line.substring(at + MARK.length()));
        }
    }

    private int usageError(PrintStream err, String message) {
        err.println("kestrel filter: " + message);
        err.println(usage());
        return USAGE;
    }
}
