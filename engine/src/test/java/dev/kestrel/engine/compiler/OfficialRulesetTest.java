package dev.kestrel.engine.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventType;
import dev.kestrel.core.event.ProcessSnapshot;
import dev.kestrel.core.field.FieldCatalogue;
import dev.kestrel.core.testsupport.SharedFiles;
import dev.kestrel.engine.loader.LoadResult;
import dev.kestrel.engine.loader.RulesLoader;
import dev.kestrel.fields.state.SystemState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Falco's official ruleset loads through the rules loader and compiles against the built-in fields. */
class OfficialRulesetTest {

    private static Path officialRules() {
        return SharedFiles.falcoRules();
    }

    @Test
    void theOfficialRulesetCompilesAndIsIndexed() throws Exception {
        FieldCatalogue catalogue = FieldCatalogue.load();
        LoadResult loaded = new RulesLoader(catalogue).loadPaths(List.of(officialRules()));
        assertThat(loaded.errors()).isEmpty();
        CompiledRuleset rs = new RuleCompiler(catalogue, catalogue.binder()).compile(loaded.rules());
        assertThat(rs.rules()).hasSize(loaded.rules().size()).hasSize(25);
        // spawned_process rules are tried on execve events, and not on unrelated ones such as mkdir
        assertThat(rs.index().rulesFor(EventType.EXECVE)).extracting(r -> r.definition().name())
                .contains("Terminal shell in container");
        assertThat(rs.index().rulesFor(EventType.MKDIR)).extracting(r -> r.definition().name())
                .doesNotContain("Terminal shell in container");
        assertThat(rs.index().rulesFor(EventType.EXECVE).size()).isLessThan(rs.rules().size());
        // evaluating an event with nothing behind it fires nothing and does not fail
        Event event = new Event().reset(EventType.EXECVE, 1, 1, 1, 0);
        int matches = rs.evaluate(new MapEvent(Map.of(), event), (r, c) -> { }, false);
        assertThat(matches).isZero();
    }

    /** The official ruleset compiled against the built-in fields. */
    private static CompiledRuleset compiledOfficialRules() throws Exception {
        FieldCatalogue catalogue = FieldCatalogue.load();
        LoadResult loaded = new RulesLoader(catalogue).loadPaths(List.of(officialRules()));
        return new RuleCompiler(catalogue, catalogue.binder()).compile(loaded.rules());
    }

    @Test
    void aShellWithATerminalInAContainerFiresOnRealState() throws Exception {
        CompiledRuleset rs = compiledOfficialRules();
        SystemState state = SystemState.create();
        Event e = new Event().reset(EventType.EXECVE, 1_000, 4242, 4242, 0);
        e.setParam("exe", "/bin/bash");
        e.setParam("comm", "bash");
        e.setParam("args", List.of());
        e.setParam("tty", 34816);
        e.setParam("cgroups", List.of("cpuset=/docker/" + "ab".repeat(32)));
        List<String> fired = new ArrayList<>();
        rs.evaluate(state.apply(e), (r, c) -> fired.add(r.definition().name()), false);
        assertThat(fired).contains("Terminal shell in container");

        // the same exec in a container without a terminal does not fire it
        Event noTty = new Event().reset(EventType.EXECVE, 2_000, 4343, 4343, 0);
        noTty.setParam("exe", "/bin/bash");
        noTty.setParam("comm", "bash");
        noTty.setParam("args", List.of());
        noTty.setParam("tty", 0);
        noTty.setParam("cgroups", List.of("cpuset=/docker/" + "cd".repeat(32)));
        fired.clear();
        rs.evaluate(state.apply(noTty), (r, c) -> fired.add(r.definition().name()), false);
        assertThat(fired).doesNotContain("Terminal shell in container");
    }

    /**
     * {@code cd /dev/shm && ./payload}: Falco's "Execution from /dev/shm" reads
     * {@code proc.cwd startswith "/dev/shm/"}, which holds because the working directory ends in '/'
     * as libsinsp keeps it, though chdir was given {@code /dev/shm}.
     */
    @Test
    void aPayloadRunFromDevShmAfterCdFiresExecutionFromDevShm() throws Exception {
        CompiledRuleset rs = compiledOfficialRules();
        SystemState state = SystemState.create();
        state.apply(new Event().resetProcess(1_000, ProcessSnapshot.builder().pid(300).ppid(1).comm("bash")
                .exe("/bin/bash").cwd("/root").build()));
        Event chdir = new Event().reset(EventType.CHDIR, 2_000, 300, 300, 0);
        chdir.setParam("path", "/dev/shm");
        state.apply(chdir);
        Event clone = new Event().reset(EventType.CLONE, 3_000, 300, 300, 301);
        clone.setParam("flags", "CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID");
        state.apply(clone);
        Event exec = new Event().reset(EventType.EXECVE, 4_000, 301, 301, 0);
        exec.setParam("filename", "./payload");
        exec.setParam("exe", "./payload");
        exec.setParam("args", List.of());
        List<String> fired = new ArrayList<>();
        rs.evaluate(state.apply(exec), (r, c) -> fired.add(r.definition().name()), false);
        assertThat(fired).contains("Execution from /dev/shm");
        assertThat(state.threads().process(301).cwd()).isEqualTo("/dev/shm/");
    }
}
