package dev.kestrel.outputs;

import dev.kestrel.core.alert.Alert;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * falcosidekick's {@code messageformat}: a Go text/template over the alert, in the subset alert
 * messages use: {@code {{ .Rule }}}, {@code .Priority}, {@code .Output}, {@code .Source},
 * {@code .Hostname}, {@code .Time}, {@code .Tags}, {@code {{ index .OutputFields "k8s.pod.name" }}},
 * and {@code {{-}}/{{- -}}} blank trimming. Anything else is refused when the config is read, with
 * the column. Immutable and thread-safe.
 */
public final class MessageTemplate {

    private sealed interface Part permits Text, Property, FieldValue {
    }

    private record Text(String text) implements Part {
    }

    private record Property(String name) implements Part {
    }

    private record FieldValue(String field) implements Part {
    }

    private static final List<String> PROPERTIES = List.of("Output", "Priority", "Rule", "Time", "Source", "Hostname", "Tags", "UUID");

    private final List<Part> parts;

    private MessageTemplate(List<Part> parts) {
        this.parts = List.copyOf(parts);
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException naming the 1-based column and what is wrong
     */
    public static MessageTemplate parse(String text) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int open = text.indexOf("{{", i);
            if (open < 0) {
                literal.append(text, i, text.length());
                break;
            }
            literal.append(text, i, open);
            int close = text.indexOf("}}", open + 2);
            if (close < 0) {
                throw new IllegalArgumentException("'{{' at column " + (open + 1) + " is not closed by '}}'");
            }
            String action = text.substring(open + 2, close);
            if (action.startsWith("-") && (action.length() == 1 || Character.isWhitespace(action.charAt(1)))) {
                trimEnd(literal);
                action = action.substring(1);
            }
            boolean trimAfter = false;
            if (action.endsWith("-") && (action.length() == 1 || Character.isWhitespace(action.charAt(action.length() - 2)))) {
                trimAfter = true;
                action = action.substring(0, action.length() - 1);
            }
            if (literal.length() > 0) {
                parts.add(new Text(literal.toString()));
                literal.setLength(0);
            }
            parts.add(action(action.trim(), open + 1));
            i = close + 2;
            if (trimAfter) {
                while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                    i++;
                }
            }
        }
        if (literal.length() > 0) {
            parts.add(new Text(literal.toString()));
        }
        return new MessageTemplate(parts);
    }

    private static Part action(String a, int column) {
        if (a.startsWith(".") && PROPERTIES.contains(a.substring(1))) {
            return new Property(a.substring(1));
        }
        String[] words = a.split("\\s+", 3);
        if (words.length == 3 && words[0].equals("index") && words[1].equals(".OutputFields")) {
            String key = words[2];
            if (key.length() >= 2 && (key.startsWith("\"") && key.endsWith("\"") || key.startsWith("`") && key.endsWith("`"))) {
                return new FieldValue(key.substring(1, key.length() - 1));
            }
        }
        throw new IllegalArgumentException("the template action '{{ " + a + " }}' at column " + column
                + " is not supported; use {{ .Rule }}, {{ .Priority }}, {{ .Output }}, {{ .Source }}, {{ .Hostname }},"
                + " {{ .Time }}, {{ .Tags }} or {{ index .OutputFields \"field.name\" }}");
    }

    private static void trimEnd(StringBuilder s) {
        int n = s.length();
        while (n > 0 && Character.isWhitespace(s.charAt(n - 1))) {
            n--;
        }
        s.setLength(n);
    }

    /** The message for {@code alert}, whose output fields are {@code fields}. */
    public String render(Alert alert, Map<String, Object> fields) {
        StringBuilder out = new StringBuilder();
        for (Part p : parts) {
            if (p instanceof Text t) {
                out.append(t.text());
            } else if (p instanceof Property prop) {
                out.append(switch (prop.name()) {
                    case "Output" -> alert.output();
                    case "Priority" -> alert.priority().display();
                    case "Rule" -> alert.rule();
                    case "Time" -> GoTime.string(alert.timeNanos());
                    case "Source" -> alert.source();
                    case "Hostname" -> alert.hostname();
                    case "Tags" -> "[" + String.join(" ", alert.tags()) + "]";
                    default -> "";
                });
            } else if (p instanceof FieldValue f) {
                Object v = fields.get(f.field());
                out.append(v == null ? "<no value>" : v instanceof List<?> l ? goList(l) : String.valueOf(v));
            }
        }
        return out.toString();
    }

    private static String goList(List<?> l) {
        List<String> items = new ArrayList<>();
        l.forEach(x -> items.add(String.valueOf(x)));
        return "[" + String.join(" ", items) + "]";
    }
}
