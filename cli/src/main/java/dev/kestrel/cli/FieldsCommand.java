package dev.kestrel.cli;

import dev.kestrel.core.field.ArgumentForm;
import dev.kestrel.core.field.FieldCatalogue;
import dev.kestrel.core.field.FieldClass;
import dev.kestrel.core.field.FieldDescriptor;
import dev.kestrel.core.field.FieldFlag;
import dev.kestrel.core.json.JsonWriter;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code kestrel fields}: lists the field catalogue like {@code falco --list}, class by class, with
 * each field's type, argument form, description and whether Kestrel extracts it; {@code --json}
 * prints it as a JSON array and {@code --markdown} as a table for documentation.
 */
final class FieldsCommand implements Command {

    @Override
    public String summary() {
        return "list the fields rules can use, and which ones Kestrel extracts";
    }

    @Override
    public String usage() {
        return """
                usage: kestrel fields [--json | --markdown] [PREFIX]

                Lists every field a condition or output may use, grouped by field class: name,
                type, argument form, whether Kestrel extracts it, and what it means. A field that
                is not extracted still loads but never has a value. PREFIX keeps the fields whose
                name starts with it (for example 'proc.' or 'fd.s').

                --json      a JSON array of {"name","type","arg","description","supported"}
                --markdown  the field reference page (docs/fields.md), one Markdown table per class""";
    }

    @Override
    public int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        boolean json = false;
        boolean markdown = false;
        String prefix = "";
        for (String arg : args) {
            if (arg.equals("--json")) {
                json = true;
            } else if (arg.equals("--markdown")) {
                markdown = true;
            } else if (arg.startsWith("-")) {
                err.println("kestrel fields: unknown option '" + arg + "'");
                err.println(usage());
                return USAGE;
            } else if (prefix.isEmpty()) {
                prefix = arg;
            } else {
                err.println("kestrel fields: only one PREFIX may be given");
                return USAGE;
            }
        }
        if (json && markdown) {
            err.println("kestrel fields: choose one of --json and --markdown");
            return USAGE;
        }
        FieldCatalogue catalogue = FieldCatalogue.load(FieldsCommand.class.getClassLoader());
        if (json) {
            printJson(catalogue, prefix, out);
        } else if (markdown) {
            printMarkdown(catalogue, prefix, out);
        } else {
            printText(catalogue, prefix, out);
        }
        return OK;
    }

    private static List<FieldDescriptor> fields(FieldClass c, String prefix) {
        List<FieldDescriptor> out = new ArrayList<>();
        for (FieldDescriptor d : c.fields()) {
            if (d.name().startsWith(prefix)) {
                out.add(d);
            }
        }
        return out;
    }

    private static void printText(FieldCatalogue catalogue, String prefix, PrintStream out) {
        int total = 0;
        int supported = 0;
        for (FieldClass c : catalogue.classes()) {
            List<FieldDescriptor> fields = fields(c, prefix);
            if (fields.isEmpty()) {
                continue;
            }
            out.println("Field class: " + c.name() + (c.description().isEmpty() ? "" : " (" + c.description() + ")"));
            out.println();
            for (FieldDescriptor d : fields) {
                total++;
                supported += d.supported() ? 1 : 0;
                out.printf("  %-44s %-8s %-16s %-3s %s%s%n", d.name(), d.type().displayName(), argText(d.argument()),
                        d.supported() ? "yes" : "no", d.description(), notes(d));
            }
            out.println();
        }
        out.println(total + " fields, " + supported + " extracted by Kestrel");
    }

    private static void printJson(FieldCatalogue catalogue, String prefix, PrintStream out) {
        List<Object> list = new ArrayList<>();
        for (FieldClass c : catalogue.classes()) {
            for (FieldDescriptor d : fields(c, prefix)) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("name", d.name());
                o.put("type", d.type().displayName());
                o.put("arg", argText(d.argument()));
                o.put("description", d.description());
                o.put("supported", d.supported());
                list.add(o);
            }
        }
        out.println(JsonWriter.write(list));
    }

    /** The field reference page, docs/fields.md: one table per field class (a test keeps the file in step). */
    private static void printMarkdown(FieldCatalogue catalogue, String prefix, PrintStream out) {
        out.println("# Field reference");
        out.println();
        out.println("Generated by `kestrel fields --markdown`; do not edit by hand (a test fails when this file");
        out.println("is out of date). What the fields mean beyond one line: [events.md](events.md#fields-semantics-worth-knowing).");
        int total = 0;
        int supported = 0;
        for (FieldClass c : catalogue.classes()) {
            List<FieldDescriptor> fields = fields(c, prefix);
            if (fields.isEmpty()) {
                continue;
            }
            out.println();
            out.println("## " + c.name());
            out.println();
            if (!c.description().isEmpty()) {
                out.println(c.description().substring(0, 1).toUpperCase(Locale.ROOT) + c.description().substring(1) + ".");
                out.println();
            }
            out.println("| field | type | argument | supported | meaning |");
            out.println("|---|---|---|---|---|");
            for (FieldDescriptor d : fields) {
                total++;
                supported += d.supported() ? 1 : 0;
                out.println("| `" + d.name() + "` | " + d.type().displayName() + " | " + argText(d.argument()) + " | "
                        + (d.supported() ? "yes" : "no") + " | " + (d.description() + notes(d)).replace("|", "\\|") + " |");
            }
        }
        out.println();
        out.println(total + " fields, " + supported + " extracted by Kestrel.");
    }

    /** The argument form as shown in listings. */
    static String argText(ArgumentForm form) {
        return switch (form) {
            case NONE -> "none";
            case INDEX_OPTIONAL -> "[N] optional";
            case INDEX_REQUIRED -> "[N]";
            case KEY_REQUIRED -> "[KEY]";
            case KEY_OPTIONAL -> "[KEY] optional";
            case NAME_OR_INDEX -> ".NAME or [N]";
            case NAME_SUFFIX -> ".NAME";
        };
    }

    private static String notes(FieldDescriptor d) {
        List<String> notes = new ArrayList<>();
        if (d.has(FieldFlag.LIST)) {
            notes.add("list");
        }
        if (d.has(FieldFlag.FILTER_ONLY)) {
            notes.add("filter only");
        }
        if (d.has(FieldFlag.OUTPUT_ONLY)) {
            notes.add("output only");
        }
        if (d.has(FieldFlag.DEPRECATED)) {
            notes.add("deprecated");
        }
        return notes.isEmpty() ? "" : " [" + String.join(", ", notes) + "]";
    }
}
