package dev.kestrel.response;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.Priority;
import dev.kestrel.core.alert.Alert;
import dev.kestrel.engine.loader.Diagnostic;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * For random alerts and random rule sets written as YAML, the rules the responder selects (read by
 * the Talon reader, matched, cut after {@code continue: false}) are those a plain reference
 * implementation of the documented matching rules selects.
 */
class MatcherProperties {

    record Cond(String key, boolean equal, String value) {
    }

    record Spec(String name, List<String> rules, String comparator, Priority priority, String source,
            List<List<String>> tags, List<List<Cond>> fields, boolean continueAfter) {
    }

    static final List<String> RULES = List.of("A", "B", "C", "D");
    static final List<String> TAGS = List.of("container", "shell", "k8s", "network");
    /** Three neighbouring priorities, so an alert's priority often equals a rule's (the boundary of >= and <=). */
    static final List<Priority> PRIORITIES = List.of(Priority.WARNING, Priority.ERROR, Priority.CRITICAL);

    /** Half the time one of three neighbours (equal priorities are frequent), else any priority. */
    static Arbitrary<Priority> priorities() {
        return Arbitraries.oneOf(Arbitraries.of(PRIORITIES), Arbitraries.of(Priority.class));
    }

    @Provide
    Arbitrary<List<Spec>> ruleSets() {
        Arbitrary<Cond> cond = Combinators.combine(Arbitraries.of("k8s.ns.name", "proc.pid", "fd.sport"),
                Arbitraries.of(true, false), Arbitraries.of("blog", "kube-system", "42", "7")).as(Cond::new);
        Arbitrary<Spec> spec = Combinators.combine(
                Arbitraries.of(RULES).list().ofMaxSize(2).uniqueElements(),
                Arbitraries.of("", "=", ">", ">=", "<", "<=", "none"),
                priorities(),
                Arbitraries.of("", "syscall", "k8s_audit"),
                Arbitraries.of(TAGS).list().ofMinSize(1).ofMaxSize(2).list().ofMaxSize(2),
                cond.list().ofMinSize(1).ofMaxSize(2).list().ofMaxSize(2),
                Arbitraries.of(true, false))
                .as((rules, cmp, prio, source, tags, fields, cont) -> new Spec("", rules, cmp, prio, source, tags, fields, cont));
        return spec.list().ofMinSize(1).ofMaxSize(5).map(list -> {
            List<Spec> named = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                Spec s = list.get(i);
                named.add(new Spec("R" + i, s.rules(), s.comparator(), s.priority(), s.source(), s.tags(), s.fields(),
                        s.continueAfter()));
            }
            return named;
        });
    }

    @Provide
    Arbitrary<Alert> alerts() {
        Arbitrary<Map<String, Object>> fields = Combinators.combine(
                Arbitraries.of("blog", "kube-system", "other", "absent", "null"),
                Arbitraries.of(42L, 7L, 0L, -1L),
                Arbitraries.of("42", "7", "absent")).as((ns, pid, port) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    if (ns.equals("null")) {
                        m.put("k8s.ns.name", null);
                    } else if (!ns.equals("absent")) {
                        m.put("k8s.ns.name", ns);
                    }
                    if (pid >= 0) {
                        m.put("proc.pid", pid);
                    }
                    if (!port.equals("absent")) {
                        m.put("fd.sport", Long.parseLong(port));
                    }
                    return m;
                });
        return Combinators.combine(Arbitraries.of(RULES), priorities(), Arbitraries.of("syscall", "k8s_audit"),
                Arbitraries.of(TAGS).list().uniqueElements().ofMaxSize(4), fields)
                .as((rule, prio, source, tags, f) -> new Alert(1L, rule, prio, source, "h", "out", f, tags));
    }

    @Property(tries = 400)
    void theResponderSelectsWhatTheReferenceSelects(@ForAll("ruleSets") List<Spec> specs, @ForAll("alerts") Alert alert) {
        List<Diagnostic> diagnostics = new ArrayList<>();
        List<ResponseRule> rules = new TalonRulesReader(TalonRulesReaderTest.builtIns(), diagnostics::add)
                .read("random.yaml", yaml(specs));
        assertThat(diagnostics).filteredOn(d -> d.severity() == Diagnostic.Severity.ERROR).isEmpty();
        // one warning for each rule with several tag entries (Talon reads them as alternatives)
        assertThat(diagnostics).hasSize((int) specs.stream().filter(s -> s.tags().size() > 1).count())
                .allSatisfy(d -> assertThat(d.message()).contains("Falco Talon takes entries as alternatives"));
        List<String> selected = Responder.matching(rules, alert).stream().map(ResponseRule::name).toList();
        assertThat(selected).isEqualTo(reference(specs, alert));
        Statistics.label("rules selected").collect(selected.isEmpty() ? "none" : selected.size() == 1 ? "one" : "several");
        Statistics.label("rules selected").coverage(c -> {
            c.check("none").percentage(p -> p > 5);
            c.check("one").percentage(p -> p > 5);
        });
    }

    /** The documented rules, plainly. */
    static List<String> reference(List<Spec> specs, Alert alert) {
        List<String> out = new ArrayList<>();
        for (Spec s : specs) {
            if (matches(s, alert)) {
                out.add(s.name());
                if (!s.continueAfter()) {
                    break;
                }
            }
        }
        return out;
    }

    static boolean matches(Spec s, Alert a) {
        if (!s.rules().isEmpty() && !s.rules().contains(a.rule())) {
            return false;
        }
        if (!s.comparator().equals("none")) {
            int alertLevel = 8 - a.priority().ordinal();
            int ruleLevel = 8 - s.priority().ordinal();
            boolean ok = switch (s.comparator()) {
                case ">" -> alertLevel > ruleLevel;
                case ">=" -> alertLevel >= ruleLevel;
                case "<" -> alertLevel < ruleLevel;
                case "<=" -> alertLevel <= ruleLevel;
                default -> alertLevel == ruleLevel;
            };
            if (!ok) {
                return false;
            }
        }
        if (!s.source().isEmpty() && !s.source().equals(a.source())) {
            return false;
        }
        // every tag of every entry must be on the alert
        for (List<String> group : s.tags()) {
            for (String t : group) {
                if (!a.tags().contains(t)) {
                    return false;
                }
            }
        }
        if (!s.fields().isEmpty()) {
            boolean any = false;
            for (List<Cond> group : s.fields()) {
                boolean all = true;
                for (Cond c : group) {
                    Object v = a.outputFields().get(c.key());
                    boolean same = v != null && String.valueOf(v).equals(c.value());
                    all &= c.equal() ? same : !same;
                }
                any |= all;
            }
            return any;
        }
        return true;
    }

    static String yaml(List<Spec> specs) {
        StringBuilder b = new StringBuilder();
        for (Spec s : specs) {
            b.append("- rule: ").append(s.name()).append('\n');
            b.append("  continue: ").append(s.continueAfter()).append('\n');
            b.append("  actions: [{action: Note, actionner: log}]\n");
            b.append("  match:\n");
            if (!s.rules().isEmpty()) {
                b.append("    rules: [").append(String.join(", ", s.rules())).append("]\n");
            }
            if (!s.comparator().equals("none")) {
                b.append("    priority: \"").append(s.comparator()).append(s.priority().display()).append("\"\n");
            }
            if (!s.source().isEmpty()) {
                b.append("    source: ").append(s.source()).append('\n');
            }
            if (!s.tags().isEmpty()) {
                b.append("    tags:\n");
                s.tags().forEach(g -> b.append("      - \"").append(String.join(", ", g)).append("\"\n"));
            }
            if (!s.fields().isEmpty()) {
                b.append("    output_fields:\n");
                for (List<Cond> g : s.fields()) {
                    List<String> parts = new ArrayList<>();
                    g.forEach(c -> parts.add(c.key() + (c.equal() ? "=" : "!=") + c.value()));
                    b.append("      - ").append(String.join(", ", parts)).append('\n');
                }
            }
        }
        return b.toString();
    }
}
