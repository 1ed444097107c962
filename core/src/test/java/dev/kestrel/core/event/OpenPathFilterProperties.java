package dev.kestrel.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * {@link OpenPathFilter} against a naive reference written here: a path that is not plain, or that
 * starts with a prefix given for its access mode, always passes; normalising the prefix lists
 * (dropping a prefix that extends another, falling back to any path beyond
 * {@link OpenPathFilter#MAX_PREFIXES}) never turns a kept path into a skipped one, and loses nothing
 * when no fallback happens.
 */
class OpenPathFilterProperties {

    /** Prefixes and paths over a small alphabet, so that they often start with one another. */
    private static Arbitrary<String> shortPath() {
        return Arbitraries.strings().withChars('/', 'a', 'b', '.', 'é').ofMinLength(0).ofMaxLength(7);
    }

    @Provide
    Arbitrary<List<List<String>>> prefixSets() {
        Arbitrary<String> prefix = Arbitraries.frequencyOf(
                Tuple.of(6, shortPath().map(s -> "/" + s)),
                Tuple.of(1, shortPath()),
                Tuple.of(2, Arbitraries.integers().between(0, 40).map(i -> "/p" + i + "/")));
        Arbitrary<List<String>> list = Arbitraries.frequencyOf(
                Tuple.of(5, prefix.list().ofMaxSize(6)),
                Tuple.of(2, prefix.list().ofMinSize(20).ofMaxSize(40)),
                Tuple.of(3, Arbitraries.integers().between(0, 200).map(i -> "/p" + i + "/").list().ofMinSize(22).ofMaxSize(40)),
                Tuple.of(1, Arbitraries.just(null)));
        return list.list().ofSize(3);
    }

    @Provide
    Arbitrary<String> paths() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, shortPath().map(s -> "/" + s)),
                Tuple.of(2, Combinators.combine(Arbitraries.integers().between(0, 200), shortPath()).as((i, s) -> "/p" + i + "/" + s)),
                Tuple.of(1, shortPath()),
                Tuple.of(1, Combinators.combine(shortPath(), Arbitraries.integers().between(140, 160))
                        .as((s, n) -> "/" + s + "x".repeat(n))),
                Tuple.of(1, Arbitraries.integers().between(70, 78).map(n -> "/" + "é".repeat(n))));
    }

    @Provide
    Arbitrary<Integer> flags() {
        return Arbitraries.integers().between(0, 3).flatMap(mode -> Arbitraries.of(0, 0100, 01000, 0200000, 02000000)
                .map(bit -> mode | bit));
    }

    /** The reference: what a sensor must keep, straight from the given prefix lists. */
    private static boolean mustKeep(List<List<String>> given, String path, int flags) {
        int mode = flags & 3;
        if (mode == 3 || given.get(mode) == null || !plain(path)) {
            return true;
        }
        return given.get(mode).stream().anyMatch(path::startsWith);
    }

    private static boolean plain(String path) {
        return path.startsWith("/") && !path.contains("//") && !path.contains("./")
                && path.getBytes(StandardCharsets.UTF_8).length < 150;
    }

    private static OpenPathFilter filterOf(List<List<String>> given) {
        return OpenPathFilter.of(given.get(0), given.get(1), given.get(2));
    }

    @Property(tries = 500)
    void aPathThatMustBeKeptPasses(@ForAll("prefixSets") List<List<String>> given, @ForAll("paths") String path,
                                   @ForAll("flags") int flags) {
        boolean keep = mustKeep(given, path, flags);
        Statistics.label("must keep").collect(keep).coverage(c -> c.check(false).percentage(p -> p >= 15));
        Statistics.label("plain").collect(plain(path)).coverage(c -> c.check(false).percentage(p -> p >= 5));
        if (keep) {
            assertThat(filterOf(given).passes(path, flags)).as("%s for %s with flags %o", given, path, flags).isTrue();
        }
        assertThat(OpenPathFilter.isPlain(path)).isEqualTo(plain(path));
    }

    @Property(tries = 500)
    void normalisingThePrefixesLosesNothingUnlessItFallsBackToAnyPath(@ForAll("prefixSets") List<List<String>> given,
                                                                      @ForAll("paths") String path, @ForAll("flags") int flags) {
        OpenPathFilter f = filterOf(given);
        int mode = flags & 3;
        List<String> kept = f.prefixes(mode);
        boolean fellBack = mode < 3 && given.get(mode) != null && kept == null;
        Statistics.label("fell back to any path").collect(fellBack).coverage(c -> c.check(true).percentage(p -> p >= 3));
        boolean many = mode < 3 && given.get(mode) != null && minimal(new TreeSet<>(given.get(mode))).size() > OpenPathFilter.MAX_PREFIXES;
        Statistics.label("more prefixes than the limit").collect(many).coverage(c -> c.check(true).percentage(p -> p >= 2));
        if (kept != null) {
            // the kept prefixes are given ones, sorted, none extending another, at most MAX_PREFIXES
            assertThat(given.get(mode)).containsAll(kept);
            assertThat(kept).isSorted().hasSizeLessThanOrEqualTo(OpenPathFilter.MAX_PREFIXES).doesNotHaveDuplicates();
            for (String a : kept) {
                assertThat(kept).filteredOn(b -> !b.equals(a) && b.startsWith(a)).isEmpty();
            }
            // ...and every given prefix extends a kept one: the same paths pass
            for (String g : given.get(mode)) {
                assertThat(kept).anyMatch(g::startsWith);
            }
            assertThat(f.passes(path, flags)).as("%s for %s", given.get(mode), path).isEqualTo(mustKeep(given, path, flags));
        } else if (mode < 3 && given.get(mode) != null) {
            // a fallback happens only for too many prefixes, an empty one or a relative one
            Set<String> distinct = new TreeSet<>(given.get(mode));
            boolean odd = distinct.stream().anyMatch(p -> p.isEmpty() || !p.startsWith("/"));
            assertThat(odd || minimal(distinct).size() > OpenPathFilter.MAX_PREFIXES).as("%s", distinct).isTrue();
            assertThat(f.passes(path, flags)).isTrue();
        }
    }

    @Property(tries = 200)
    void equalPrefixListsGiveEqualFiltersWhateverTheirOrder(@ForAll("prefixSets") List<List<String>> given) {
        List<List<String>> reversed = new ArrayList<>();
        for (List<String> l : given) {
            if (l == null) {
                reversed.add(null);
            } else {
                List<String> r = new ArrayList<>(l);
                Collections.reverse(r);
                reversed.add(r);
            }
        }
        assertThat(filterOf(reversed)).isEqualTo(filterOf(given)).hasSameHashCodeAs(filterOf(given));
        assertThat(filterOf(given).keepsEverything())
                .isEqualTo(Arrays.asList(0, 1, 2).stream().allMatch(m -> filterOf(given).prefixes(m) == null));
    }

    /** The given prefixes none of which extends another (naively: quadratic). */
    private static List<String> minimal(Collection<String> prefixes) {
        List<String> out = new ArrayList<>();
        for (String p : prefixes) {
            if (prefixes.stream().noneMatch(q -> !q.equals(p) && p.startsWith(q))) {
                out.add(p);
            }
        }
        return out;
    }
}
