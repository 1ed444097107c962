package dev.kestrel.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.alert.Alert;
import dev.kestrel.core.event.jsonl.EventJsonReader;
import dev.kestrel.core.testsupport.FalcoRulesRequired;
import dev.kestrel.core.testsupport.SharedFiles;
import dev.kestrel.engine.runtime.JsonLinesFeed;
import dev.kestrel.engine.runtime.Kestrel;
import dev.kestrel.engine.runtime.RuleMatching;
import dev.kestrel.engine.sink.CollectingSink;
import dev.kestrel.testkit.jqwik.KestrelArbitraries;
import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Files;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The kit adds no semantics of its own: the events a workload expands to, written as JSON Lines and
 * replayed through a plain Kestrel (as {@code kestrel replay --all-matches} does), raise the same
 * alerts, with the same priorities and output lines, as the kit reports.
 */
@net.jqwik.api.lifecycle.AddLifecycleHook(FalcoRulesRequired.class)
class ReplayEquivalenceProperties {

    private static RuleTest kit;

    @BeforeContainer
    static void load() {
        kit = Files.isRegularFile(UserRulesProperties.OFFICIAL)
                ? RuleTest.with(UserRulesProperties.OFFICIAL, UserRulesProperties.USER) : null;
    }

    @AfterContainer
    static void close() {
        if (kit != null) {
            kit.close();
        }
    }

    @Property(tries = 25)
    void replayingTheExpandedEventsGivesTheKitsAlerts(@ForAll("mixed") Workload w) throws Exception {
        SharedFiles.falcoRules();
        RuleTestResult r = kit.run(w);
        assertThat(r).usedEveryEvent();
        CollectingSink sink = new CollectingSink("replay");
        try (Kestrel plain = Kestrel.builder().rules(UserRulesProperties.OFFICIAL, UserRulesProperties.USER)
                .ruleMatching(RuleMatching.ALL).zone(ZoneOffset.UTC).hostname("kestrel-test").sink(sink)
                .build()) {
            String text = String.join("\n", r.eventLines());
            EventJsonReader.Result read = new EventJsonReader().read(new BufferedReader(new StringReader(text)),
                    new JsonLinesFeed(plain));
            assertThat(read.skipped()).isZero();
            plain.flush(Duration.ofMinutes(1));
        }
        List<Alert> replayed = sink.alerts();
        assertThat(replayed).extracting(Alert::rule).containsExactlyElementsOf(r.rulesFired());
        assertThat(replayed).extracting(Alert::output).containsExactlyElementsOf(r.alerts().stream().map(Alert::output).toList());
        assertThat(replayed).extracting(Alert::priority).containsExactlyElementsOf(r.alerts().stream().map(Alert::priority).toList());
    }

    @Provide
    Arbitrary<Workload> mixed() {
        return net.jqwik.api.Combinators.combine(KestrelArbitraries.benignWorkloads(), KestrelArbitraries.attacks())
                .as(Workload::plus).filter(Workload::hasDistinctIds);
    }
}
