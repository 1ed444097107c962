package dev.kestrel.core.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * For jqwik properties that need Falco's rules ({@code @AddLifecycleHook(FalcoRulesRequired.class)}):
 * jqwik counts a try that aborts as a rejected sample and then fails the property as "exhausted", so
 * the skip is decided before the tries. Where system tests are required (CI), nothing is skipped and
 * the tries' own {@link SharedFiles#falcoRules()} fails them with the reason. Stateless.
 */
public final class FalcoRulesRequired implements SkipExecutionHook {

    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
        Path rules = SharedFiles.shared().resolve("rules").resolve("falco_rules.yaml");
        if (Files.isRegularFile(rules) || SystemTests.required()) {
            return SkipResult.doNotSkip();
        }
        return SkipResult.skip(SharedFiles.missing(rules));
    }
}
