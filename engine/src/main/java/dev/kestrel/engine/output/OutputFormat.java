package dev.kestrel.engine.output;

import dev.kestrel.core.event.EventContext;
import dev.kestrel.core.field.FieldAccessor;
import dev.kestrel.core.field.FieldBindException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A rule's output text compiled once into literal text and bound field accessors, so formatting an
 * alert never looks a field up by name. {@code %field} tokens follow Falco: an optional width, then
 * the longest prefix that is a field ({@code %proc.name_x} prints {@code proc.name} then {@code _x}),
 * arguments such as {@code %proc.aname[2]} or {@code %evt.arg.flags}, and {@code <NA>} for no value.
 */
public final class OutputFormat {

    /*
     * Formatting appends straight into the caller's StringBuilder: a width pads or cuts the text just
     * written, and a transformer rewrites it in place, so the only allocations per alert are the
     * final strings and the output_fields map.
     */

    private final String text;
    private final Segment[] segments;
    private final List<String> fieldKeys;
    private final FieldAccessor[] fieldAccessors;

    private OutputFormat(String text, List<Segment> segments, Map<String, FieldAccessor> fields) {
        this.text = text;
        this.segments = segments.toArray(new Segment[0]);
        this.fieldKeys = List.copyOf(fields.keySet());
        this.fieldAccessors = fields.values().toArray(new FieldAccessor[0]);
    }

    /**
     * Compiles {@code text}; fails on a {@code %} that starts no field, an unknown transformer or a
     * field whose argument is not acceptable, naming the 1-based column.
     */
    public static OutputFormat compile(String text, FieldLookup lookup) throws OutputFormatException {
        List<Segment> segments = new ArrayList<>();
        Map<String, FieldAccessor> fields = new LinkedHashMap<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '%') {
                literal.append(c);
                i++;
                continue;
            }
            if (literal.length() > 0) {
                segments.add(new Literal(literal.toString()));
                literal.setLength(0);
            }
            int tokenStart = i;
            i++;
            int width = 0;
            while (i < text.length() && Character.isDigit(text.charAt(i)) && width < 100_000) {
                width = width * 10 + (text.charAt(i) - '0');
                i++;
            }
            Transform transform = Transform.NONE;
            int nameStart = i;
            int nameEnd = scanName(text, i);
            if (nameEnd < text.length() && text.charAt(nameEnd) == '(' && nameEnd > nameStart) {
                String fn = text.substring(nameStart, nameEnd);
                transform = Transform.of(fn);
                if (transform == null) {
                    throw new OutputFormatException("unknown transformer '" + fn + "' in output", nameStart + 1);
                }
                nameStart = nameEnd + 1;
                nameEnd = scanName(text, nameStart);
            }
            Match match = longestField(text, nameStart, nameEnd, lookup, tokenStart);
            i = match.end;
            if (transform != Transform.NONE) {
                if (i >= text.length() || text.charAt(i) != ')') {
                    throw new OutputFormatException("expected ')' after the field of " + transform.text + "(...)", i + 1);
                }
                i++;
            }
            segments.add(new FieldToken(match.accessor, width, transform));
            fields.putIfAbsent(match.text, match.accessor);
        }
        if (literal.length() > 0) {
            segments.add(new Literal(literal.toString()));
        }
        return new OutputFormat(text, segments, fields);
    }

    private static int scanName(String text, int from) {
        int i = from;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isLetterOrDigit(c) || c == '_' || c == '.') {
                i++;
            } else {
                break;
            }
        }
        return i;
    }

    private record Match(String text, FieldAccessor accessor, int end) {
    }

    private static Match longestField(String text, int nameStart, int nameEnd, FieldLookup lookup, int tokenStart)
            throws OutputFormatException {
        try {
            if (nameEnd < text.length() && text.charAt(nameEnd) == '[') {
                int close = text.indexOf(']', nameEnd);
                if (close > 0) {
                    String candidate = text.substring(nameStart, close + 1);
                    FieldAccessor a = lookup.find(candidate);
                    if (a != null) {
                        return new Match(candidate, a, close + 1);
                    }
                }
            }
            for (int end = nameEnd; end > nameStart; end--) {
                String candidate = text.substring(nameStart, end);
                FieldAccessor a = lookup.find(candidate);
                if (a != null) {
                    return new Match(candidate, a, end);
                }
            }
        } catch (FieldBindException e) {
            throw new OutputFormatException(e.getMessage(), nameStart + 1);
        }
        if (nameEnd == nameStart) {
            throw new OutputFormatException(
                    "unknown field in output: a '%' must start a field such as %proc.name", tokenStart + 1);
        }
        String name = text.substring(nameStart, nameEnd);
        String why = lookup.explain(name);
        String detail;
        if (why == null) {
            detail = "'" + name + "'";
        } else if (why.startsWith("unknown field ")) {
            detail = why.substring("unknown field ".length());
        } else {
            detail = "'" + name + "': " + why;
        }
        throw new OutputFormatException("unknown field in output: " + detail, tokenStart + 1);
    }

    /** The output text this was compiled from. */
    public String text() {
        return text;
    }

    /** The fields of the output, as written and without repeats, in order of first use. */
    public List<String> fieldNames() {
        return fieldKeys;
    }

    /** Appends the formatted output for the current event to {@code out}. */
    public void appendTo(EventContext ctx, StringBuilder out) {
        for (Segment s : segments) {
            s.appendTo(ctx, out);
        }
    }

    /** The formatted output for the current event. */
    public String format(EventContext ctx) {
        StringBuilder out = new StringBuilder(text.length() + 64);
        appendTo(ctx, out);
        return out.toString();
    }

    /**
     * Each field of the output keyed as written, with its typed value for the JSON alert: Long,
     * Double, Boolean, String, List, or null when the field has no value.
     */
    public Map<String, Object> fieldValues(EventContext ctx) {
        Map<String, Object> values = new LinkedHashMap<>();
        putFieldValues(ctx, values);
        return Collections.unmodifiableMap(values);
    }

    /** Puts each field of the output, keyed as written, with its typed value into {@code into}. */
    public void putFieldValues(EventContext ctx, Map<String, Object> into) {
        for (int i = 0; i < fieldAccessors.length; i++) {
            into.put(fieldKeys.get(i), FieldValues.typed(fieldAccessors[i], ctx));
        }
    }

    /** One piece of a compiled output. */
    private sealed interface Segment permits Literal, FieldToken {
        void appendTo(EventContext ctx, StringBuilder out);
    }

    private record Literal(String text) implements Segment {
        @Override
        public void appendTo(EventContext ctx, StringBuilder out) {
            out.append(text);
        }
    }

    private record FieldToken(FieldAccessor accessor, int width, Transform transform) implements Segment {
        @Override
        public void appendTo(EventContext ctx, StringBuilder out) {
            int start = out.length();
            if (transform != Transform.NONE && !accessor.present(ctx)) {
                out.append("<NA>");
            } else {
                accessor.appendText(ctx, out);
                transform.apply(out, start);
            }
            if (width > 0) {
                int len = out.length() - start;
                if (len > width) {
                    out.setLength(start + width);
                } else {
                    for (int k = len; k < width; k++) {
                        out.append(' ');
                    }
                }
            }
        }
    }

    /** The transformers an output may wrap a field in; they change the text only. */
    private enum Transform {
        NONE(""), TOLOWER("tolower"), TOUPPER("toupper"), BASENAME("basename");

        final String text;

        Transform(String text) {
            this.text = text;
        }

        static Transform of(String name) {
            for (Transform t : values()) {
                if (t != NONE && t.text.equals(name)) {
                    return t;
                }
            }
            return null;
        }

        void apply(StringBuilder out, int start) {
            switch (this) {
                case TOLOWER, TOUPPER -> {
                    String s = out.substring(start);
                    out.setLength(start);
                    out.append(this == TOLOWER ? s.toLowerCase(Locale.ROOT) : s.toUpperCase(Locale.ROOT));
                }
                case BASENAME -> {
                    int slash = out.lastIndexOf("/");
                    if (slash >= start) {
                        out.delete(start, slash + 1);
                    }
                }
                default -> {
                }
            }
        }
    }
}
