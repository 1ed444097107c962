package dev.kestrel.bench.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.bench.BenchRules;
import dev.kestrel.bench.BenchSetup;
import dev.kestrel.core.testsupport.SharedFiles;
import dev.kestrel.engine.compiler.CompiledRuleset;
import dev.kestrel.engine.loader.RulesSource;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScaledRulesetTest {

    @Test
    void tenTimesTheOfficialRulesLoadAndCompile() {
        SharedFiles.falcoRules();
        BenchSetup setup = new BenchSetup();
        RulesSource falco = BenchRules.falco();
        int official = setup.compile(setup.load(List.of(falco))).rules().size();
        RulesSource tenfold = new RulesSource(falco.name(), RulesetVariants.multiply(falco.content(), 10));
        CompiledRuleset ruleset = setup.compile(setup.load(List.of(tenfold)));
        assertThat(ruleset.rules()).hasSize(10 * official);
    }
}
