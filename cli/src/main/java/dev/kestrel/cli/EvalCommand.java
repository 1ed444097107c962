package dev.kestrel.cli;

import dev.kestrel.core.json.JsonException;
import dev.kestrel.core.json.JsonReader;
import dev.kestrel.core.json.JsonWriter;
import dev.kestrel.core.text.BoundedLines;
import dev.kestrel.engine.loader.RulesSource;
import dev.kestrel.engine.runtime.KestrelBuilder;
import dev.kestrel.engine.runtime.RulesLoadException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code kestrel eval}: tells whether a condition matches a field-value event; the primitive rule authors test with. */
final class EvalCommand implements Command {

    @Override
    public String summary() {
        return "evaluate a condition on a field-value event (true/false); --batch for many";
    }

    @Override
    public String usage() {
        return """
                usage: kestrel eval [--rules FILE]... 'CONDITION' 'EVENT_JSON'
                       kestrel eval --batch [--rules FILE]...

                Prints true when CONDITION matches the event, false otherwise. EVENT_JSON gives each
                field's value directly: {"fields": {"proc.name": "bash", "fd.name": "/etc/shadow"}}
                (a missing or null field has no value). Macros and lists of the --rules files can be
                used in the condition; without --rules, those of Kestrel's default ruleset.

                With --batch, reads one JSON object per line from standard input,
                  {"condition": "proc.name = bash", "fields": {"proc.name": "bash"}}
                and prints one line for each: {"match": true}, {"match": false} or {"error": "..."}.""";
    }

    @Override
    public int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        List<String> rules = new ArrayList<>();
        List<String> positional = new ArrayList<>();
        boolean batch = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--rules") || a.equals("-r")) {
                if (i + 1 >= args.size()) {
                    return usageError(err, "--rules needs a file");
                }
                rules.add(args.get(++i));
            } else if (a.equals("--batch")) {
                batch = true;
            } else if (a.startsWith("--")) {
                return usageError(err, "unknown option '" + a + "'");
            } else {
                positional.add(a);
            }
        }
        if (batch ? !positional.isEmpty() : positional.size() != 2) {
            return usageError(err, batch ? "--batch reads conditions from standard input; no arguments expected"
                    : "expected a condition and an event, each as one argument (quote them)");
        }
        // Without --rules, the condition may use the default ruleset's macros and lists, as replay's rules do.
        List<RulesSource> sources = rules.isEmpty() ? List.of(KestrelBuilder.defaultRulesSource())
                : RulesArguments.read(rules, err, "eval");
        if (sources == null) {
            return FAILED;
        }
        try (ConditionProbe probe = new ConditionProbe(sources)) {
            return batch ? batch(probe, in, out, err) : single(probe, positional.get(0), positional.get(1), out, err);
        } catch (RulesLoadException e) {
            e.errors().forEach(d -> err.println(d.format()));
            err.println("kestrel eval: the rules files have " + e.errors().size() + " error(s)");
            return FAILED;
        }
    }

    private int single(ConditionProbe probe, String condition, String eventJson, PrintStream out, PrintStream err) {
        Map<String, Object> fields;
        try {
            fields = fields(JsonReader.parseObject(eventJson));
        } catch (JsonException e) {
            err.println("kestrel eval: the event is not valid JSON (column " + e.column() + "): " + e.getMessage());
            return FAILED;
        } catch (IllegalArgumentException e) {
            err.println("kestrel eval: " + e.getMessage());
            return FAILED;
        }
        ConditionProbe.Outcome o = probe.evaluate(condition, fields);
        if (o.error() != null) {
            err.println("kestrel eval: " + o.error());
            return FAILED;
        }
        out.println(o.match());
        return OK;
    }

    private int batch(ConditionProbe probe, InputStream in, PrintStream out, PrintStream err) {
        InputLines lines = new InputLines(in);
        try {
            for (BoundedLines.Line line = lines.next(); line != null; line = lines.next()) {
                if (line.tooLong()) {
                    out.println(error(InputLines.tooLongReason(line)));
                } else if (!line.text().isBlank()) {
                    out.println(batchLine(probe, line.text()));
                }
            }
        } catch (IOException e) {
            err.println("kestrel eval: cannot read standard input: " + e.getMessage());
            return FAILED;
        }
        return OK;
    }

    private static String batchLine(ConditionProbe probe, String line) {
        try {
            Map<String, Object> request = JsonReader.parseObject(line);
            if (!(request.get("condition") instanceof String condition)) {
                return error("each line needs a \"condition\" string");
            }
            ConditionProbe.Outcome o = probe.evaluate(condition, fields(request));
            return o.error() != null ? error(o.error()) : "{\"match\":" + o.match() + "}";
        } catch (JsonException e) {
            return error("not valid JSON (column " + e.column() + "): " + e.getMessage());
        } catch (IllegalArgumentException e) {
            return error(e.getMessage());
        }
    }

    /** The {@code fields} object of a field-value event. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> fields(Map<String, Object> event) {
        Object f = event.get("fields");
        if (f == null) {
            throw new IllegalArgumentException("the event needs a \"fields\" object, e.g. {\"fields\": {\"proc.name\": \"bash\"}}");
        }
        if (!(f instanceof Map)) {
            throw new IllegalArgumentException("\"fields\" must be a JSON object of field names and values");
        }
        return (Map<String, Object>) f;
    }

    private static String error(String message) {
        return "{\"error\":" + JsonWriter.write(message) + "}";
    }

    private int usageError(PrintStream err, String message) {
        err.println("kestrel eval: " + message);
        err.println(usage());
        return USAGE;
    }
}
