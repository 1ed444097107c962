package dev.kestrel.bench.baseline;

import dev.kestrel.core.field.IpAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The values a translated expression refers to by number: string sets, regex patterns, networks,
 * addresses and predicates over multi-valued fields. Filled by the translator, read by {@link MvelRow}.
 */
final class MvelConstants {
    final List<Set<String>> sets = new ArrayList<>();
    final List<Pattern> patterns = new ArrayList<>();
    final List<IpNetwork> networks = new ArrayList<>();
    final List<IpAddress> addresses = new ArrayList<>();
    final List<String> strings = new ArrayList<>();
    final List<List<String>> prefixes = new ArrayList<>();
    final List<Predicate<String>> stringTests = new ArrayList<>();
    final List<LongPredicate> longTests = new ArrayList<>();

    /** Adds {@code value} (or finds an equal one already there) and returns its number. */
    static <T> int add(List<T> list, T value) {
        int at = list.indexOf(value);
        if (at >= 0) {
            return at;
        }
        list.add(value);
        return list.size() - 1;
    }
}
