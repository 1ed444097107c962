package dev.kestrel.engine.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.condition.parser.ConditionParser;
import dev.kestrel.core.event.EventType;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Event-type sets as the index sees them (as libs' userspace/libsinsp/filter/ppm_codes.cpp computes
 * them; docs/language.md, "How rules are evaluated"), and the buckets built from them.
 */
class RuleIndexTest {

    private static EventTypeSet types(String condition) {
        return TypeSetAnalysis.FALCO.typesOf(ConditionParser.parse(condition));
    }

    @Test
    void equalityAndInGiveExplicitSets() {
        assertThat(types("evt.type = execve").types()).containsExactly(EventType.EXECVE);
        assertThat(types("evt.type == execve").types()).containsExactly(EventType.EXECVE);
        assertThat(types("evt.type in (open, openat)").types()).containsExactlyInAnyOrder(EventType.OPEN, EventType.OPENAT);
        assertThat(types("evt.type = execve").containsOthers()).isFalse();
        assertThat(types("syscall.type = open").types()).containsExactly(EventType.OPEN);
    }

    @Test
    void andIntersectsOrUnites() {
        assertThat(types("evt.type in (open, openat) and evt.type in (openat, execve)").types())
                .containsExactly(EventType.OPENAT);
        assertThat(types("evt.type = open or evt.type = execve").types())
                .containsExactlyInAnyOrder(EventType.OPEN, EventType.EXECVE);
        assertThat(types("evt.type = open and proc.name = bash").types()).containsExactly(EventType.OPEN);
        assertThat(types("evt.type = open or proc.name = bash").isAll()).isTrue();
        assertThat(types("evt.type = open and evt.type = execve").isEmpty()).isTrue();
    }

    @Test
    void negationIsPushedDown() {
        EventTypeSet notOpen = types("not evt.type = open");
        assertThat(notOpen.contains(EventType.OPEN)).isFalse();
        assertThat(notOpen.contains(EventType.EXECVE)).isTrue();
        assertThat(notOpen.containsOthers()).isTrue();
        assertThat(types("evt.type != open")).isEqualTo(notOpen);
        assertThat(types("not evt.type != open").types()).containsExactly(EventType.OPEN);
        assertThat(types("not (evt.type = open or evt.type = close)").types())
                .doesNotContain(EventType.OPEN, EventType.CLOSE).contains(EventType.EXECVE);
        assertThat(types("not (evt.type = open and proc.name = bash)").isAll()).isTrue();
        assertThat(types("not proc.name = bash").isAll()).isTrue();
    }

    @Test
    void otherChecksDoNotRestrict() {
        assertThat(types("proc.name = bash").isAll()).isTrue();
        assertThat(types("evt.type exists").isAll()).isTrue();
        assertThat(types("evt.type intersects (open)").isAll()).isTrue();
        assertThat(types("evt.type in ()").isEmpty()).isTrue();
        assertThat(types("evt.num = 0").isEmpty()).isTrue();
        assertThat(types("not evt.num = 0").isAll()).isTrue();
    }

    @Test
    void theIndexKeepsLoadOrderPerBucket() {
        List<String> rules = List.of("evt.type = open", "proc.name = x", "evt.type in (open, execve)",
                "evt.num = 0", "not evt.type = open");
        RuleIndex<String> index = RuleIndex.build(rules, RuleIndexTest::types);
        assertThat(index.rulesFor(EventType.OPEN)).containsExactly("evt.type = open", "proc.name = x",
                "evt.type in (open, execve)");
        assertThat(index.rulesFor(EventType.EXECVE)).containsExactly("proc.name = x", "evt.type in (open, execve)",
                "not evt.type = open");
        assertThat(index.rulesFor(EventType.CLOSE)).containsExactly("proc.name = x", "not evt.type = open");
        assertThat(index.rulesForOtherTypes()).containsExactly("proc.name = x", "not evt.type = open");
        assertThat(index.allRules()).hasSize(5);
        assertThat(index.rulesFor(EventType.PROCESS_SNAPSHOT)).isEmpty();
        assertThat(Set.copyOf(index.allRules())).hasSize(5);
    }
}
