package dev.kestrel.engine.runtime;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ResponseWiringTest {

    @Test
    void responseRulesWithoutTheResponseModuleFailWithASentence() {
        assertThatThrownBy(() -> Kestrel.builder().defaultRules().response(Path.of("response_rules.yaml")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("response rules (response_rules.yaml) need the kestrel-response module"
                        + " (dev.kestrel:kestrel-response) on the class path, and it is not there");
    }
}
