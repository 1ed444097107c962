package dev.kestrel.core.condition.printer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.condition.parser.ConditionParser;
import org.junit.jupiter.api.Test;

class ConditionJsonTest {

    @Test
    void rendersEveryNodeWithTypeAndPosition() {
        String json = ConditionJson.toJson(ConditionParser.parse("not a and proc.aname[2] in (x, \"y z\")"));
        assertThat(json).isEqualTo("{\"type\":\"and\",\"line\":1,\"column\":1,\"children\":["
                + "{\"type\":\"not\",\"line\":1,\"column\":1,\"operand\":{\"type\":\"macro\",\"line\":1,\"column\":5,\"name\":\"a\"}},"
                + "{\"type\":\"comparison\",\"line\":1,\"column\":11,"
                + "\"left\":{\"type\":\"field\",\"line\":1,\"column\":11,\"name\":\"proc.aname\",\"argument\":\"2\"},"
                + "\"operator\":\"in\","
                + "\"right\":{\"type\":\"list\",\"line\":1,\"column\":28,\"items\":[\"x\",\"y z\"]}}]}");
    }

    @Test
    void rendersTransformersValAndModifiers() {
        String json = ConditionJson.toJson(ConditionParser.parse("tolower(x.y) = val(a.b) or x.y = oneof (\"q\\\"\")"));
        assertThat(json)
                .contains("{\"type\":\"transform\",\"line\":1,\"column\":1,\"transformer\":\"tolower\",\"arguments\":[")
                .contains("\"right\":{\"type\":\"val\",\"line\":1,\"column\":16,\"field\":{\"type\":\"field\"")
                .contains("\"modifier\":\"oneof\"")
                .contains("\"items\":[\"q\\\"\"]");
    }
}
