package dev.kestrel.cli;

import dev.kestrel.core.field.FieldCatalogue;
import dev.kestrel.core.json.JsonWriter;
import dev.kestrel.engine.loader.Diagnostic;
import dev.kestrel.engine.loader.LoadResult;
import dev.kestrel.engine.loader.RulesLoader;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code kestrel validate}: loads rules files in order, as the engine would, and prints every error
 * and warning with its file, line and column, then a one-line summary (or one JSON object).
 */
final class ValidateCommand implements Command {

    @Override
    public String summary() {
        return "check rules files and print every error and warning";
    }

    @Override
    public String usage() {
        return """
                usage: kestrel validate [--json] FILE...

                Loads the rules files in order (later files amend earlier ones) and prints each
                problem as FILE:LINE:COL: error|warning: CODE: message, then a summary such as
                  25 rules (25 enabled), 87 macros, 49 lists from 1 file: 0 errors, 3 warnings
                With --json it prints one JSON object instead:
                  {"rules":N,"enabled_rules":N,"macros":N,"lists":N,"errors":[...],"warnings":[...]}
                each error and warning being {"file","line","column","code","message"}.
                Exits with 0 when there is no error, 1 when there are errors, 2 on bad usage.""";
    }

    @Override
    public int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        boolean json = false;
        boolean optionsEnded = false;
        List<Path> files = new ArrayList<>();
        for (String arg : args) {
            if (!optionsEnded && arg.equals("--")) {
                optionsEnded = true;
            } else if (!optionsEnded && arg.equals("--json")) {
                json = true;
            } else if (!optionsEnded && arg.startsWith("-") && arg.length() > 1) {
                return usageError("unknown option '" + arg + "'", err);
            } else {
                files.add(Path.of(arg));
            }
        }
        if (files.isEmpty()) {
            return usageError("no rules file given", err);
        }
        RulesLoader loader = new RulesLoader(FieldCatalogue.load(ValidateCommand.class.getClassLoader()));
        LoadResult result = loader.loadPaths(files);
        if (json) {
            out.println(JsonWriter.write(asJson(result)));
        } else {
            for (Diagnostic d : inFileOrder(result, files)) {
                out.println(d.format());
            }
            out.println(summaryLine(result, files.size()));
        }
        return result.ok() ? OK : FAILED;
    }

    private int usageError(String message, PrintStream err) {
        err.println("kestrel validate: " + message);
        err.println(usage());
        return USAGE;
    }

    /** Errors and warnings together, by file (in load order), line and column. */
    private static List<Diagnostic> inFileOrder(LoadResult result, List<Path> files) {
        List<String> order = files.stream().map(Path::toString).toList();
        List<Diagnostic> all = new ArrayList<>(result.errors());
        all.addAll(result.warnings());
        all.sort(Comparator.<Diagnostic>comparingInt(d -> order.indexOf(d.file()))
                .thenComparingInt(Diagnostic::line)
                .thenComparingInt(Diagnostic::column));
        return all;
    }

    static String summaryLine(LoadResult result, int fileCount) {
        return result.rules().size() + " rules (" + result.enabledRuleCount() + " enabled), "
                + result.macroCount() + " macros, " + result.listCount() + " lists from "
                + plural(fileCount, "file") + ": " + plural(result.errors().size(), "error") + ", "
                + plural(result.warnings().size(), "warning");
    }

    private static String plural(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    private static Map<String, Object> asJson(LoadResult result) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("rules", result.rules().size());
        json.put("enabled_rules", result.enabledRuleCount());
        json.put("macros", result.macroCount());
        json.put("lists", result.listCount());
        json.put("errors", result.errors().stream().map(ValidateCommand::asJson).toList());
        json.put("warnings", result.warnings().stream().map(ValidateCommand::asJson).toList());
        return json;
    }

    private static Map<String, Object> asJson(Diagnostic d) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("file", d.file());
        json.put("line", d.line());
        json.put("column", d.column());
        json.put("code", d.code().text());
        json.put("message", d.message());
        return json;
    }
}
