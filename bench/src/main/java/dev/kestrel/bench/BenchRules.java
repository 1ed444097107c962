package dev.kestrel.bench;

import dev.kestrel.engine.loader.RulesSource;
import dev.kestrel.engine.runtime.Kestrel;
import dev.kestrel.engine.runtime.KestrelBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The rules every benchmark loads: Falco's official file (property {@code kestrel.falco.rules}, else
 * {@code kestrel.shared.dir}/rules, else {@code ../shared/rules} beside the checkout) plus the
 * deployment's custom rules ({@code src/rules/user_rules.yaml} of the checkout, else the copy in
 * this jar).
 */
public final class BenchRules {
    private BenchRules() {
    }

    /** Falco's official rules file. */
    public static RulesSource falco() {
        String explicit = System.getProperty("kestrel.falco.rules");
        Path path;
        if (explicit != null) {
            path = Path.of(explicit);
        } else if (System.getProperty("kestrel.shared.dir") != null) {
            path = Path.of(System.getProperty("kestrel.shared.dir"), "rules", "falco_rules.yaml");
        } else {
            path = root().resolve("../shared/rules/falco_rules.yaml").normalize();
        }
        try {
            return RulesSource.of(path);
        } catch (IOException e) {
            throw new UncheckedIOException("Falco's rules file is not readable at " + path
                    + " (set -Dkestrel.falco.rules=PATH)", e);
        }
    }

    /** The deployment's four custom rules and its appended exception. */
    public static RulesSource user() {
        Path file = root().resolve("src/rules/user_rules.yaml");
        try {
            if (Files.isRegularFile(file)) {
                return RulesSource.of(file);
            }
            try (InputStream in = BenchRules.class.getResourceAsStream("user_rules.yaml")) {
                return new RulesSource("user_rules.yaml", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Official then custom, in load order. */
    public static List<RulesSource> officialAndUser() {
        return List.of(falco(), user());
    }

    private static Path root() {
        return Path.of(System.getProperty("kestrel.root.dir", ".")).toAbsolutePath();
    }

    /** A Kestrel engine with {@link #officialAndUser()}, no sink: what the pipeline benchmarks feed. */
    public static Kestrel engine() {
        KestrelBuilder builder = Kestrel.builder();
        for (RulesSource source : officialAndUser()) {
            builder.rulesText(source.name(), source.content());
        }
        return builder.build();
    }
}
