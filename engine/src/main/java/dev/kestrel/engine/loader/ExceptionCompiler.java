package dev.kestrel.engine.loader;

import dev.kestrel.engine.loader.RulesItem.ExceptionEntry;
import dev.kestrel.engine.loader.RulesItem.ExceptionSpec;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Folds a rule's exceptions into its condition as text, the way Falco does: the condition {@code C}
 * becomes {@code (C) and not (...)} with one {@code and not} per exception that has values. The
 * generated characters map to the exception's nodes in the rules file.
 */
final class ExceptionCompiler {

    private ExceptionCompiler() {
    }

    /** The condition with every exception folded in; the fields used are added to {@code fieldsUsed}. */
    static MappedText fold(MappedText condition, List<ExceptionSpec> exceptions, Collection<String> fieldsUsed) {
        if (exceptions.isEmpty()) {
            return condition;
        }
        MappedText.Builder b = new MappedText.Builder();
        b.append("(", condition.spotAt(0)).append(condition).append(")", condition.spotAt(condition.length()));
        for (ExceptionSpec ex : exceptions) {
            MappedText.Builder part = new MappedText.Builder();
            if (ex.fields() instanceof ExceptionEntry.Scalar field) {
                singleField(part, ex, field, fieldsUsed);
            } else {
                tuples(part, ex, (ExceptionEntry.Sequence) ex.fields(), fieldsUsed);
            }
            if (part.length() > 0) {
                b.append(" and not ", ex.spot()).append(part.build());
            }
        }
        return b.build();
    }

    private static void singleField(MappedText.Builder b, ExceptionSpec ex, ExceptionEntry.Scalar field,
            Collection<String> fieldsUsed) {
        if (ex.values() == null || ex.values().isEmpty()) {
            return;
        }
        ExceptionEntry.Scalar comp = (ExceptionEntry.Scalar) ex.comps();
        b.append("(", ex.spot()).append(field.text(), field.spot()).append(" ", ex.spot())
                .append(comp.text(), comp.spot()).append(" (", ex.spot());
        fieldsUsed.add(field.text());
        boolean first = true;
        for (ExceptionEntry v : ex.values()) {
            if (!first) {
                b.append(", ", v.spot());
            }
            first = false;
            ExceptionEntry.Scalar value = (ExceptionEntry.Scalar) v;
            b.append(ListExpander.quote(value.text()), value.spot());
        }
        b.append("))", ex.spot());
    }

    private static void tuples(MappedText.Builder b, ExceptionSpec ex, ExceptionEntry.Sequence fields,
            Collection<String> fieldsUsed) {
        if (ex.values() == null || ex.values().isEmpty()) {
            return;
        }
        List<ExceptionEntry> comps = ((ExceptionEntry.Sequence) ex.comps()).items();
        b.append("(", ex.spot());
        boolean firstTuple = true;
        for (ExceptionEntry tupleEntry : ex.values()) {
            List<ExceptionEntry> tuple = ((ExceptionEntry.Sequence) tupleEntry).items();
            if (!firstTuple) {
                b.append(" or ", tupleEntry.spot());
            }
            firstTuple = false;
            b.append("(", tupleEntry.spot());
            for (int k = 0; k < fields.items().size(); k++) {
                ExceptionEntry.Scalar field = (ExceptionEntry.Scalar) fields.items().get(k);
                ExceptionEntry.Scalar comp = (ExceptionEntry.Scalar) comps.get(k);
                ExceptionEntry value = tuple.get(k);
                if (k > 0) {
                    b.append(" and ", value.spot());
                }
                b.append(" ", field.spot()).append(field.text(), field.spot()).append(" ", comp.spot())
                        .append(comp.text(), comp.spot()).append(" ", value.spot());
                b.append(valueText(value, comp.text()), value.spot());
                fieldsUsed.add(field.text());
            }
            b.append(")", tupleEntry.spot());
        }
        b.append(")", ex.spot());
    }

    /** A nested list becomes {@code (a, b)}; a scalar is parenthesized for list operators, else quoted. */
    private static String valueText(ExceptionEntry value, String comp) {
        if (value instanceof ExceptionEntry.Sequence seq) {
            StringBuilder s = new StringBuilder("(");
            for (ExceptionEntry item : seq.items()) {
                if (s.length() > 1) {
                    s.append(", ");
                }
                s.append(ListExpander.quote(item instanceof ExceptionEntry.Scalar sc ? sc.text() : ""));
            }
            return s.append(')').toString();
        }
        String text = ((ExceptionEntry.Scalar) value).text();
        ExceptionComp parsed = ExceptionComp.parse(comp);
        if (parsed != null && parsed.takesList()) {
            return text.startsWith("(") ? text : "(" + text + ")";
        }
        return ListExpander.quote(text);
    }

    static Set<String> sortedFields(Collection<String> fields) {
        return new TreeSet<>(fields);
    }
}
