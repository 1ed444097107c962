package dev.kestrel.core.condition.parser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.condition.OfficialConditions;
import dev.kestrel.core.condition.ast.Expr;
import dev.kestrel.core.condition.printer.ConditionPrinter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every condition of Falco's official rules parses as written (lists not yet substituted). */
class FalcoRulesConditionsTest {

    private final Map<String, String> conditions = OfficialConditions.load();

    @Test
    void everyMacroAndRuleConditionParses() {
        List<String> failures = new ArrayList<>();
        conditions.forEach((name, condition) -> {
            try {
                ConditionParser.parse(condition);
            } catch (ConditionSyntaxException e) {
                failures.add(name + ": " + e.getMessage());
            }
        });
        assertThat(failures).isEmpty();
        assertThat(conditions).as("25 rules and 87 macros have a condition").hasSize(25 + 87);
    }

    @Test
    void everyConditionPrintsToTextThatParsesBackToTheSameAst() {
        conditions.forEach((name, condition) -> {
            Expr parsed = ConditionParser.parse(condition);
            String printed = ConditionPrinter.print(parsed);
            assertThat(ConditionParser.parse(printed)).as(name).isEqualTo(parsed);
        });
    }
}
