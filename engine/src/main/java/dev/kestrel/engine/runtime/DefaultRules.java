package dev.kestrel.engine.runtime;

import dev.kestrel.engine.loader.RulesSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads Kestrel's own ruleset from the engine jar. */
final class DefaultRules {

    /** The name the default ruleset has in messages. */
    static final String NAME = "kestrel_rules.yaml";

    private DefaultRules() {
    }

    static RulesSource source() {
        try (InputStream in = DefaultRules.class.getResourceAsStream(KestrelBuilder.DEFAULT_RULES_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the default ruleset " + KestrelBuilder.DEFAULT_RULES_RESOURCE
                        + " is missing from the engine jar");
            }
            return new RulesSource(NAME, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
