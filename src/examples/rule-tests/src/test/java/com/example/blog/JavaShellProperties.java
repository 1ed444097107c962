package com.example.blog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.testkit.RuleTest;
import dev.kestrel.testkit.Workload;
import dev.kestrel.testkit.jqwik.KestrelArbitraries;
import java.nio.file.Path;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A law of the blog's rules: any shell under any java in any container fires "Java Process
 * Spawning Shell". On failure jqwik shrinks the workload and prints it as a YAML rule test.
 */
class JavaShellProperties {

    /** Loaded and compiled once; each try runs on a fresh state. */
    static final RuleTest RULES = RuleTest.with(Path.of("src/test/resources/blog_rules.yaml"));

    @Property(tries = 100)
    void anyShellUnderAnyJavaFires(@ForAll("javaShells") Workload w) {
        assertThat(RULES.run(w)).fired("Java Process Spawning Shell").withField("proc.pname", "java");
    }

    @Provide
    Arbitrary<Workload> javaShells() {
        return KestrelArbitraries.javaSpawnsShell();
    }
}
