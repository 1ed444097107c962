package dev.kestrel.cli;

import dev.kestrel.core.condition.ast.Expr;
import dev.kestrel.core.condition.ast.Position;
import dev.kestrel.core.condition.parser.ConditionParser;
import dev.kestrel.core.condition.parser.ConditionSyntaxException;
import dev.kestrel.core.condition.printer.ConditionJson;
import dev.kestrel.core.condition.printer.ConditionPrinter;
import dev.kestrel.core.json.JsonException;
import dev.kestrel.core.json.JsonReader;
import dev.kestrel.core.json.JsonWriter;
import dev.kestrel.core.text.BoundedLines;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code kestrel parse}: checks one condition's syntax and prints its canonical form or its AST as
 * JSON; {@code --batch} does the same for many conditions, one JSON string per input line, for
 * editors and tooling. Macros are not expanded and field names are not checked.
 */
final class ParseCommand implements Command {

    /** Source lines longer than this are shown as a window around the error. */
    private static final int SNIPPET_WIDTH = 100;

    @Override
    public String summary() {
        return "check a condition's syntax and print its canonical form";
    }

    @Override
    public String usage() {
        return """
                usage: kestrel parse [--json] [--] 'CONDITION'
                       kestrel parse --batch < conditions.jsonl

                Parses a Falco condition (macros are not expanded) and prints its canonical text,
                or with --json its syntax tree as JSON. A syntax error is printed as
                LINE:COLUMN: error: MESSAGE and exits with 1.

                --batch reads standard input, one JSON string (a quoted condition) per line, and
                prints one JSON object per line:
                  {"ok":true,"canonical":"..."}
                  {"ok":false,"error":"...","line":L,"column":C}
                It exits with 0 once every line is answered.""";
    }

    @Override
    public int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        boolean json = false;
        boolean batch = false;
        List<String> conditions = new ArrayList<>();
        boolean optionsEnded = false;
        for (String arg : args) {
            if (!optionsEnded && arg.equals("--")) {
                optionsEnded = true;
            } else if (!optionsEnded && arg.equals("--json")) {
                json = true;
            } else if (!optionsEnded && arg.equals("--batch")) {
                batch = true;
            } else if (!optionsEnded && arg.startsWith("--")) {
                return usageError("unknown option '" + arg + "'", err);
            } else {
                conditions.add(arg);
            }
        }
        if (batch) {
            if (json || !conditions.isEmpty()) {
                return usageError("--batch reads conditions from standard input and takes no other argument", err);
            }
            return runBatch(in, out, err);
        }
        if (conditions.size() != 1) {
            return usageError("expected exactly one condition (quote it for the shell)", err);
        }
        return parseOne(conditions.get(0), json, out, err);
    }

    private int parseOne(String condition, boolean json, PrintStream out, PrintStream err) {
        try {
            Expr expr = ConditionParser.parse(condition);
            out.println(json ? ConditionJson.toJson(expr) : ConditionPrinter.print(expr));
            return OK;
        } catch (ConditionSyntaxException e) {
            Position at = e.position();
            err.println(at.line() + ":" + at.column() + ": error: " + e.reason());
            err.print(snippet(condition, at));
            return FAILED;
        }
    }

    private int runBatch(InputStream in, PrintStream out, PrintStream err) {
        try {
            InputLines lines = new InputLines(in);
            for (BoundedLines.Line line = lines.next(); line != null; line = lines.next()) {
                out.println(JsonWriter.write(line.tooLong() ? failure(InputLines.tooLongReason(line), 1, 1) : answer(line.text())));
            }
            out.flush();
            return OK;
        } catch (IOException e) {
            err.println("kestrel parse: cannot read standard input: " + e.getMessage());
            return FAILED;
        }
    }

    /** The JSON answer for one input line. */
    private static Map<String, Object> answer(String inputLine) {
        Object condition;
        try {
            condition = JsonReader.parse(inputLine);
        } catch (JsonException e) {
            return failure("input line is not a JSON string: " + e.getMessage(), e.line(), e.column());
        }
        if (!(condition instanceof String text)) {
            return failure("input line is not a JSON string", 1, 1);
        }
        try {
            String canonical = ConditionPrinter.print(ConditionParser.parse(text));
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("ok", true);
            answer.put("canonical", canonical);
            return answer;
        } catch (ConditionSyntaxException e) {
            return failure(e.reason(), e.position().line(), e.position().column());
        }
    }

    private static Map<String, Object> failure(String error, int line, int column) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("ok", false);
        answer.put("error", error);
        answer.put("line", line);
        answer.put("column", column);
        return answer;
    }

    /** The offending source line (or a window of it) and a caret under the error column. */
    private static String snippet(String condition, Position at) {
        int lineStart = at.offset() - (at.column() - 1);
        int lineEnd = lineStart;
        while (lineEnd < condition.length() && condition.charAt(lineEnd) != '\n' && condition.charAt(lineEnd) != '\r') {
            lineEnd++;
        }
        int from = Math.max(lineStart, at.offset() - SNIPPET_WIDTH / 2);
        int to = Math.min(lineEnd, from + SNIPPET_WIDTH);
        String prefix = from > lineStart ? "..." : "";
        String suffix = to < lineEnd ? "..." : "";
        StringBuilder caret = new StringBuilder("  ").append(" ".repeat(prefix.length()));
        for (int i = from; i < at.offset(); i++) {
            caret.append(condition.charAt(i) == '\t' ? '\t' : ' ');
        }
        return "  " + prefix + condition.substring(from, to) + suffix + System.lineSeparator()
                + caret.append('^') + System.lineSeparator();
    }

    private int usageError(String problem, PrintStream err) {
        err.println("kestrel parse: " + problem);
        err.println(usage());
        return USAGE;
    }
}
