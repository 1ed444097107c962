package dev.kestrel.engine.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.condition.ast.Expr;
import dev.kestrel.core.condition.parser.ConditionParser;
import dev.kestrel.core.event.EventType;
import dev.kestrel.engine.index.EventTypeAnalysis.EventTypes;
import org.junit.jupiter.api.Test;

class EventTypeAnalysisTest {

    private static EventTypes types(String condition) {
        return EventTypeAnalysis.eventTypes(ConditionParser.parse(condition));
    }

    @Test
    void explicitTypesAreIntersectedAndUnited() {
        EventTypes t = types("evt.type in (open, openat) and proc.name = cat");
        assertThat(t.contains(EventType.OPEN)).isTrue();
        assertThat(t.contains(EventType.OPENAT)).isTrue();
        assertThat(t.contains(EventType.EXECVE)).isFalse();
        assertThat(t.tooMany()).isFalse();
        EventTypes u = types("evt.type = open or (evt.type = execve and proc.name = sh)");
        assertThat(u.contains(EventType.OPEN)).isTrue();
        assertThat(u.contains(EventType.EXECVE)).isTrue();
        assertThat(u.contains(EventType.OPENAT)).isFalse();
        assertThat(types("evt.type = open and evt.type = execve").isEmpty()).isTrue();
    }

    @Test
    void negationIsPushedToTheLeaves() {
        EventTypes t = types("not evt.type = open");
        assertThat(t.contains(EventType.OPEN)).isFalse();
        assertThat(t.contains(EventType.EXECVE)).isTrue();
        assertThat(t.tooMany()).isTrue();
        assertThat(types("not evt.type != open").contains(EventType.EXECVE)).isFalse();
        assertThat(types("not (evt.type = open and proc.name = x)").isAll()).isTrue();
        assertThat(types("not (evt.type in (open, execve) or evt.type = openat)").contains(EventType.OPENAT))
                .isFalse();
    }

    @Test
    void otherChecksAreNeutral() {
        assertThat(types("proc.name = cat").isAll()).isTrue();
        assertThat(types("not proc.name = cat").isAll()).isTrue();
        assertThat(types("evt.type exists").isAll()).isTrue();
        assertThat(types("evt.type startswith open").isAll()).isTrue();
    }

    @Test
    void evtNumChecksThatCanNeverOrAlwaysHold() {
        assertThat(types("evt.num = 0").isEmpty()).isTrue();
        assertThat(types("evt.num < 1").isEmpty()).isTrue();
        assertThat(types("evt.num in ()").isEmpty()).isTrue();
        assertThat(types("evt.num != 0").isAll()).isTrue();
        assertThat(types("evt.num >= 1 and evt.type = open").contains(EventType.OPEN)).isTrue();
        assertThat(types("not evt.num = 0").isAll()).isTrue();
        assertThat(types("evt.num = 5").isAll()).isTrue();
    }

    @Test
    void unindexableTypeChecksAreRecognised() {
        assertThat(EventTypeAnalysis.isUnindexableTypeCheck(
                (Expr.Comparison) ConditionParser.parse("evt.type = val(proc.name)")))
                .isTrue();
        assertThat(EventTypeAnalysis.isUnindexableTypeCheck(
                (Expr.Comparison) ConditionParser.parse("toupper(evt.type) = OPEN")))
                .isTrue();
        assertThat(EventTypeAnalysis.isUnindexableTypeCheck(
                (Expr.Comparison) ConditionParser.parse("evt.type = open")))
                .isFalse();
    }
}
