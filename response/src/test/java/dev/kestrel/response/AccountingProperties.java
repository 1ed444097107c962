package dev.kestrel.response;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.Priority;
import dev.kestrel.core.alert.Alert;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Every action is recorded: for random rules (actions that succeed, fail or are slow, with random
 * {@code continue}, {@code ignore_errors} and {@code dry_run}), random alerts, a small queue, a tight
 * rate limit and deduplication on or off, once the responder is closed each actionner's planned
 * actions equal those that ended (success + ignored + dry run + failure + rate limited +
 * deduplicated + dropped + skipped), and the recorded ones are exactly the records the listener got.
 */
class AccountingProperties {

    record ActionSpec(String actionner, String continueAfter, boolean ignoreErrors) {
        String yaml(int i) {
            return "{action: A" + i + ", actionner: \"" + actionner + "\"" + (continueAfter.isEmpty() ? "" : ", continue: "
                    + continueAfter) + (ignoreErrors ? ", ignore_errors: true" : "") + "}";
        }
    }

    record RuleSpec(List<String> rules, boolean continueAfter, boolean dryRun, List<ActionSpec> actions) {
    }

    @Provide
    Arbitrary<String> ruleFiles() {
        Arbitrary<ActionSpec> action = Combinators.combine(Arbitraries.of("log", "test:fail", "test:slow"),
                Arbitraries.of("", "true", "false"), Arbitraries.of(true, false)).as(ActionSpec::new);
        Arbitrary<RuleSpec> rule = Combinators.combine(Arbitraries.of("A", "B", "C").list().ofMaxSize(2).uniqueElements(),
                Arbitraries.of(true, false), Arbitraries.of(true, false, false, false), action.list().ofMinSize(1).ofMaxSize(3))
                .as(RuleSpec::new);
        return rule.list().ofMinSize(1).ofMaxSize(4).map(rules -> {
            StringBuilder b = new StringBuilder();
            for (int r = 0; r < rules.size(); r++) {
                RuleSpec s = rules.get(r);
                b.append("- rule: R").append(r).append('\n');
                b.append("  continue: ").append(s.continueAfter()).append('\n');
                b.append("  dry_run: ").append(s.dryRun()).append('\n');
                if (!s.rules().isEmpty()) {
                    b.append("  match: {rules: [").append(String.join(", ", s.rules())).append("]}\n");
                }
                b.append("  actions:\n");
                for (int a = 0; a < s.actions().size(); a++) {
                    b.append("    - ").append(s.actions().get(a).yaml(a)).append('\n');
                }
            }
            return b.toString();
        });
    }

    @Provide
    Arbitrary<List<Alert>> alerts() {
        return Combinators.combine(Arbitraries.of("A", "B", "C", "D"), Arbitraries.of("p1", "p2", "p3"))
                .as((rule, pod) -> TestAlerts.podAlert(rule, Priority.CRITICAL, "ns", pod)).list().ofMaxSize(25);
    }

    @Property(tries = 80)
    void everyPlannedActionEndsExactlyOnceByClose(@ForAll("ruleFiles") String rules, @ForAll("alerts") List<Alert> alerts,
            @ForAll @IntRange(min = 1, max = 3) int capacity, @ForAll boolean dedup, @ForAll boolean dryRun) {
        List<ActionRecord> records = new CopyOnWriteArrayList<>();
        Responder r = Responder.builder().rulesText("rules.yaml", rules).actionners(new ResponderSafetyTest.Failing(), new ResponderSafetyTest.Sleeping("test:slow", 1))
                .queue(capacity, 1 << 20).dedupWindow(dedup ? Duration.ofMinutes(1) : Duration.ZERO).dryRun(dryRun)
                .defaultRateLimit(1000, 4).clocks(() -> 0L, Clock.systemUTC()).listener(records::add).build();
        alerts.forEach(r::accept);
        r.close(Duration.ofSeconds(20));

        ResponseCounters c = r.counters();
        c.actionners().forEach((name, a) -> {
            assertThat(a.pending()).as("pending actions of %s: %s", name, a).isZero();
            for (ActionStatus s : ActionStatus.values()) {
                assertThat(a.of(s)).as("%s %s", name, s)
                        .isEqualTo(records.stream().filter(x -> x.actionner().equals(name) && x.status() == s).count());
            }
        });
        ActionCounters total = c.total();
        assertThat(total.planned()).isEqualTo(total.ended());
        assertThat(total.success() + total.ignored() + total.dryRun() + total.failure() + total.rateLimited())
                .isEqualTo(records.size());
        assertThat(c.queueJobs()).isZero();
        assertThat(c.queueBytes()).isZero();
        assertThat(c.jobsQueued() + c.jobsDropped()).isLessThanOrEqualTo(c.alertsMatched());
        assertThat(c.alertsReceived()).isEqualTo(alerts.size());
        if (!dedup) {
            assertThat(total.deduplicated()).isZero();
            assertThat(c.jobsQueued() + c.jobsDropped()).isEqualTo(c.alertsMatched());
        }
        if (c.jobsDropped() == 0) {
            assertThat(total.dropped()).isZero();
        }
    }
}
