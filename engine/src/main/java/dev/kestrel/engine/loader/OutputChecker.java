package dev.kestrel.engine.loader;

import dev.kestrel.core.event.EventContext;
import dev.kestrel.core.field.FieldAccessor;
import dev.kestrel.core.field.FieldBindException;
import dev.kestrel.core.field.FieldFlag;
import dev.kestrel.core.field.FieldRef;
import dev.kestrel.core.text.NameSuggester;
import dev.kestrel.engine.output.FieldLookup;
import dev.kestrel.engine.output.OutputFormat;
import dev.kestrel.engine.output.OutputFormatException;
import java.util.Optional;

/**
 * Checks a rule's output at load: every {@code %field} token must start with a known field (the
 * longest prefix that is a field is taken, as in Falco). It compiles the output with the same
 * {@link OutputFormat} the engine uses, against accessors that are never read.
 */
final class OutputChecker {

    private final FieldNames fields;
    private final FieldLookup lookup;

    OutputChecker(FieldNames fields) {
        this.fields = fields;
        this.lookup = this::find;
    }

    /** The problem with {@code output}, if any. */
    Optional<ConditionChecker.Problem> check(MappedText output) {
        try {
            OutputFormat.compile(output.text(), lookup);
            return Optional.empty();
        } catch (OutputFormatException e) {
            int offset = Math.max(0, e.column() - 1);
            String message = e.getMessage();
            boolean unknown = message.startsWith("unknown field");
            if (unknown) {
                String token = tokenAt(output.text(), offset);
                String suggestion = token.isEmpty() ? null : NameSuggester.nearest(token, fields.names()).orElse(null);
                if (suggestion != null) {
                    message = message + " (did you mean %" + suggestion + "?)";
                }
            }
            Diagnostic d = output.spotAt(offset).error(DiagnosticCode.LOAD_ERR_COMPILE_OUTPUT, message);
            return Optional.of(new ConditionChecker.Problem(d, unknown));
        }
    }

    /** The field-like name after the {@code %} (and width) at {@code offset}. */
    private static String tokenAt(String text, int offset) {
        int i = offset;
        if (i < text.length() && text.charAt(i) == '%') {
            i++;
        }
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
            i++;
        }
        int start = i;
        while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_'
                || text.charAt(i) == '.')) {
            i++;
        }
        return text.substring(start, i);
    }

    private FieldAccessor find(String fieldText) throws FieldBindException {
        FieldNames.Resolution r = fields.resolveText(fieldText);
        if (r instanceof FieldNames.Resolution.Unknown u) {
            if (u.unknownName()) {
                return null;
            }
            throw new FieldBindException(u.message());
        }
        FieldNames.Resolution.Found found = (FieldNames.Resolution.Found) r;
        if (found.descriptor().has(FieldFlag.FILTER_ONLY)) {
            throw new FieldBindException("field '" + found.descriptor().name() + "' can only be used in conditions");
        }
        return new Unread(new FieldRef(found.descriptor(), found.argument()));
    }

    /** An accessor that only names its field: outputs are compiled here to be checked, never formatted. */
    private record Unread(FieldRef field) implements FieldAccessor.OfString {
        @Override
        public String get(EventContext ctx) {
            return null;
        }
    }
}
