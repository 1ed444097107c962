package dev.kestrel.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.bench.baseline.AstInterpreter;
import dev.kestrel.bench.baseline.MvelBaseline;
import dev.kestrel.bench.baseline.MvelRow;
import dev.kestrel.bench.stream.GeneratedStream;
import dev.kestrel.bench.stream.StreamEvents;
import dev.kestrel.bench.stream.StreamGenerator;
import dev.kestrel.core.testsupport.SharedFiles;
import dev.kestrel.engine.compiler.CompiledRule;
import dev.kestrel.engine.compiler.CompiledRuleset;
import dev.kestrel.engine.compiler.Evaluator;
import dev.kestrel.fields.state.StateContext;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The baselines are only worth comparing with if they compute the same thing: on the generated
 * stream, every rule of the official ruleset plus the custom rules gives the same answer on every
 * event in Kestrel, in the MVEL translation and in the plain interpreter.
 */
class BaselineAgreementTest {

    private static CompiledRuleset ruleset;
    private static MvelBaseline mvel;
    private static AstInterpreter interpreter;
    private static StateContext[] contexts;

    @BeforeAll
    static void setUp() {
        SharedFiles.falcoRules();
        BenchSetup setup = new BenchSetup();
        ruleset = setup.compile(setup.load(BenchRules.officialAndUser()));
        mvel = setup.mvel(ruleset);
        interpreter = setup.interpreter(ruleset);
        GeneratedStream stream = StreamGenerator.of(7, 12_000);
        contexts = BenchSetup.frozenContexts(BenchSetup.stateFor(stream), StreamEvents.body(stream));
    }

    @Test
    void theStreamTripsTheDeploymentsRulesAndTheBuildKitExceptionHolds() {
        Evaluator evaluator = ruleset.newEvaluator();
        Map<String, Integer> fired = new TreeMap<>();
        int matchingEvents = 0;
        for (StateContext ctx : contexts) {
            if (evaluator.evaluate(ctx, (rule, c) -> {
                fired.merge(rule.definition().name(), 1, Integer::sum);
                if (rule.definition().name().startsWith("Drop and execute")) {
                    assertThat(((StateContext) c).containerId()).as("BuildKit is excepted").isNotEqualTo("7a3f19c0d2e5");
                }
            }, false) > 0) {
                matchingEvents++;
            }
        }
        assertThat(fired).containsOnlyKeys("Drop and execute new binary in container", "Java Process Spawning Shell",
                "Launch Package Management Process in Container", "Netcat Remote Code Execution in Container",
                "Read sensitive file untrusted", "Terminal shell in container", "Unexpected Outbound Connection",
                "Write to Binary Dir");
        assertThat(100.0 * matchingEvents / contexts.length).isBetween(0.1, 1.0);
    }

    @Test
    void everyRuleIsTranslated() {
        assertThat(mvel.skipped()).isEmpty();
        assertThat(interpreter.skipped()).isEmpty();
        assertThat(mvel.ruleNames()).hasSize(ruleset.rules().size());
    }

    @Test
    void mvelAndTheInterpreterAgreeWithKestrelOnEveryRuleAndEvent() {
        Evaluator evaluator = ruleset.newEvaluator();
        MvelRow row = mvel.newRow();
        List<CompiledRule> rules = ruleset.rules();
        Map<String, Integer> mvelDisagreements = new TreeMap<>();
        Map<String, Integer> interpreterDisagreements = new TreeMap<>();
        Map<String, Integer> matches = new TreeMap<>();
        for (StateContext ctx : contexts) {
            row.begin(ctx);
            for (int i = 0; i < rules.size(); i++) {
                CompiledRule rule = rules.get(i);
                boolean kestrel = evaluator.matches(rule, ctx);
                String name = rule.definition().name();
                if (kestrel) {
                    matches.merge(name, 1, Integer::sum);
                }
                if (mvel.matches(i, row) != kestrel) {
                    mvelDisagreements.merge(name, 1, Integer::sum);
                }
                if (interpreter.matches(i, ctx) != kestrel) {
                    interpreterDisagreements.merge(name, 1, Integer::sum);
                }
            }
        }
        assertThat(matches).as("rules the stream trips").isNotEmpty();
        assertThat(mvelDisagreements).as("MVEL disagreements by rule (matches: %s)", matches).isEmpty();
        assertThat(interpreterDisagreements).as("interpreter disagreements by rule").isEmpty();
    }
}
