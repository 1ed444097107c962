package dev.kestrel.engine.loader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.EventContext;
import dev.kestrel.core.field.ArgumentForm;
import dev.kestrel.core.field.FalcoPlugin;
import dev.kestrel.core.field.FieldAccessor;
import dev.kestrel.core.field.FieldCatalogue;
import dev.kestrel.core.field.FieldClass;
import dev.kestrel.core.field.FieldDescriptor;
import dev.kestrel.core.field.FieldRef;
import dev.kestrel.core.field.FieldType;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Event sources and plugin requirements come from the field classes: a class serving the
 * {@code k8s_audit} source makes its rules load (Falco loads them when the k8saudit plugin is there),
 * its plugin version meets or fails {@code required_plugin_versions}, and Falco's LOAD_UNSAFE_NA_CHECK
 * warns about {@code ka.*} fields compared with {@code <NA>}.
 */
class SourcesAndPluginsTest {

    /** A stand-in for the k8saudit plugin's fields. */
    static final class AuditFields implements FieldClass {
        private final String version;

        AuditFields(String version) {
            this.version = version;
        }

        @Override
        public String name() {
            return "ka";
        }

        @Override
        public String eventSource() {
            return "k8s_audit";
        }

        @Override
        public Optional<FalcoPlugin> plugin() {
            return Optional.of(new FalcoPlugin("k8saudit", version));
        }

        @Override
        public List<FieldDescriptor> fields() {
            return List.of(new FieldDescriptor("ka.verb", FieldType.STRING, ArgumentForm.NONE, Set.of(), "verb", true));
        }

        @Override
        public FieldAccessor bind(FieldRef ref) {
            return (FieldAccessor.OfString) new FieldAccessor.OfString() {
                @Override
                public FieldRef field() {
                    return ref;
                }

                @Override
                public String get(EventContext ctx) {
                    return null;
                }
            };
        }
    }

    private static final String AUDIT_RULE = """
            - required_plugin_versions:
                - name: k8saudit
                  version: 0.2.0
            - rule: r
              desc: d
              condition: ka.verb = create
              output: o
              priority: WARNING
              source: k8s_audit
            """;

    private static LoadResult load(String version, String yaml) {
        RulesLoader loader = new RulesLoader(FieldCatalogue.of(List.of(new AuditFields(version))));
        return loader.load(List.of(new RulesSource("rules.yaml", yaml)));
    }

    @Test
    void aSourceServedByAFieldClassLoadsItsRules() {
        LoadResult r = load("0.2.3", AUDIT_RULE);
        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings()).isEmpty();
        assertThat(r.rules()).extracting(LoadedRule::source).containsExactly("k8s_audit");
        assertThat(RulesLoader.sourcesOf(FieldCatalogue.of(List.of(new AuditFields("1.0.0")))))
                .containsExactly("k8s_audit");
    }

    @Test
    void aSourceNoFieldClassServesIsSkippedWithFalcosWarning() {
        LoadResult r = new RulesLoader(FieldCatalogue.load(getClass().getClassLoader()))
                .load(List.of(new RulesSource("rules.yaml", AUDIT_RULE.substring(AUDIT_RULE.indexOf("- rule")))));
        assertThat(r.rules()).isEmpty();
        assertThat(r.warnings()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo(DiagnosticCode.LOAD_UNKNOWN_SOURCE);
            assertThat(d.message()).isEqualTo("Unknown source k8s_audit, skipping");
        });
    }

    @Test
    void aPluginOfAnOlderMinorOrAnotherMajorFailsTheRequirement() {
        assertThat(load("0.1.9", AUDIT_RULE).errors()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo(DiagnosticCode.LOAD_ERR_VALIDATE);
            assertThat(d.message()).isEqualTo(
                    "Plugin 'k8saudit' version '0.1.9' is not compatible with required plugin version '0.2.0'");
            assertThat(List.of(d.line(), d.column())).containsExactly(2, 7);
        });
        assertThat(load("1.2.0", AUDIT_RULE).errors()).hasSize(1);
        assertThat(load("0.2.0", AUDIT_RULE).errors()).isEmpty();
    }

    @Test
    void comparingAnAuditFieldWithNaIsUnsafe() {
        LoadResult r = load("0.2.0", AUDIT_RULE.replace("ka.verb = create", "ka.verb in (create, <NA>)"));
        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo(DiagnosticCode.LOAD_UNSAFE_NA_CHECK);
            assertThat(d.message()).contains("ka.verb exists");
        });
        assertThat(load("0.2.0", AUDIT_RULE.replace("ka.verb = create", "ka.verb startswith <NA>")).warnings())
                .isEmpty();
    }
}
