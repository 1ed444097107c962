package dev.kestrel.bench.baseline;

import dev.kestrel.core.condition.ast.Operator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Per-element checks for multi-valued fields ({@code proc.aname}, {@code fd.types}): MVEL has no
 * allocation-free way to iterate an accessor's values, so the baseline hands the check to the
 * accessor as a predicate built once at translation time.
 */
final class MultiValueTests {
    private MultiValueTests() {
    }

    static Predicate<String> stringTest(Operator op, List<String> values) throws UnsupportedConditionException {
        String first = values.isEmpty() ? "" : values.get(0);
        return switch (op) {
            case EQ, EQEQ -> first::equals;
            case NE -> v -> !v.equals(first);
            case CONTAINS -> v -> v.contains(first);
            case ICONTAINS -> {
                String lower = first.toLowerCase(Locale.ROOT);
                yield v -> v.toLowerCase(Locale.ROOT).contains(lower);
            }
            case STARTSWITH -> v -> v.startsWith(first);
            case ENDSWITH -> v -> v.endsWith(first);
            case IN, INTERSECTS -> Set.copyOf(values)::contains;
            case GLOB, IGLOB -> {
                Pattern p = GlobPattern.compile(first, op == Operator.IGLOB);
                yield v -> p.matcher(v).matches();
            }
            default -> throw new UnsupportedConditionException("operator " + op.text() + " is not translated for multi-valued fields");
        };
    }

    static LongPredicate longTest(Operator op, List<String> values) throws UnsupportedConditionException {
        long[] numbers = new long[values.size()];
        for (int i = 0; i < numbers.length; i++) {
            try {
                numbers[i] = Long.parseLong(values.get(i));
            } catch (NumberFormatException e) {
                throw new UnsupportedConditionException("not a number: " + values.get(i));
            }
        }
        if (numbers.length == 0) {
            return v -> false;
        }
        long first = numbers[0];
        return switch (op) {
            case EQ, EQEQ -> v -> v == first;
            case NE -> v -> v != first;
            case LT -> v -> v < first;
            case LE -> v -> v <= first;
            case GT -> v -> v > first;
            case GE -> v -> v >= first;
            case IN, INTERSECTS -> v -> {
                for (long n : numbers) {
                    if (n == v) {
                        return true;
                    }
                }
                return false;
            };
            default -> throw new UnsupportedConditionException("operator " + op.text() + " is not translated for numbers");
        };
    }
}
