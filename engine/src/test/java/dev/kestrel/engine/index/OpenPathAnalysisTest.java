package dev.kestrel.engine.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.condition.ast.Expr;
import dev.kestrel.core.event.OpenPathFilter;
import dev.kestrel.core.field.FieldCatalogue;
import dev.kestrel.core.testsupport.SharedFiles;
import dev.kestrel.engine.loader.LoadResult;
import dev.kestrel.engine.loader.LoadedRule;
import dev.kestrel.engine.loader.RulesLoader;
import dev.kestrel.engine.loader.RulesSource;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which opens a sensor must deliver, worked out from the rules (examples; the law is OpenFilterAlertsProperties in sensors/ebpf). */
class OpenPathAnalysisTest {

    private static final int RDONLY = 0;
    private static final int WRONLY = 1;
    private static final int RDWR = 2;

    private static OpenPathFilter filterOf(String... conditions) throws Exception {
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < conditions.length; i++) {
            yaml.append("- rule: r").append(i).append("\n  desc: d\n  condition: ").append(conditions[i])
                    .append("\n  output: o\n  priority: WARNING\n");
        }
        return filterOfYaml(yaml.toString());
    }

    private static OpenPathFilter filterOfYaml(String yaml) throws Exception {
        FieldCatalogue catalogue = FieldCatalogue.load();
        LoadResult loaded = new RulesLoader(catalogue).load(List.of(new RulesSource("r.yaml", yaml)));
        assertThat(loaded.errors()).isEmpty();
        return OpenPathAnalysis.filter(conditions(loaded));
    }

    private static List<Expr> conditions(LoadResult loaded) {
        return loaded.rules().stream().filter(LoadedRule::enabled).map(LoadedRule::condition).toList();
    }

    @Test
    void falcosOfficialRulesNeedOnlyReadsOfTheSensitiveFilesAndEveryWrite() throws Exception {
        FieldCatalogue catalogue = FieldCatalogue.load();
        LoadResult loaded = new RulesLoader(catalogue).loadPaths(List.of(SharedFiles.falcoRules()));
        OpenPathFilter f = OpenPathAnalysis.filter(conditions(loaded));

        assertThat(f.prefixes(RDONLY)).containsExactly("/etc/pam.conf", "/etc/pam.d/", "/etc/security/pwquality.conf",
                "/etc/shadow", "/etc/sudoers");
        // Clear Log Activities (open_write) reads fd.filename, which has no prefix.
        assertThat(f.prefixes(WRONLY)).isNull();
        assertThat(f.prefixes(RDWR)).isNull();
        assertThat(f.passes("/etc/hostname", RDONLY)).isFalse();
        assertThat(f.passes("/etc/shadow", RDONLY)).isTrue();
        assertThat(f.passes("/etc/sudoers.d/extra", RDONLY)).isTrue();
        assertThat(f.passes("/var/log/syslog", WRONLY | 0x200)).isTrue();
    }

    @Test
    void pathChecksBecomePrefixesPerAccessMode() throws Exception {
        OpenPathFilter f = filterOf("evt.type=openat and evt.is_open_read=true and fd.name in (/etc/shadow, /root/x)",
                "evt.type=open and evt.is_open_write=true and fd.directory in (/bin, /usr/bin/)",
                "evt.type=openat and evt.is_open_write=false and fd.name glob '/proc/*/environ'");
        assertThat(f.prefixes(RDONLY)).containsExactly("/etc/shadow", "/proc/", "/root/x");
        assertThat(f.prefixes(WRONLY)).containsExactly("/bin/", "/usr/bin/");
        assertThat(f.prefixes(RDWR)).containsExactly("/bin/", "/etc/shadow", "/root/x", "/usr/bin/");
    }

    @Test
    void andKeepsTheLongerOfTwoAgreeingPrefixesAndDropsDisagreeingOnes() throws Exception {
        OpenPathFilter f = filterOf("evt.type=openat and fd.name startswith /etc and (fd.name in (/etc/a, /tmp/b) or fd.directory=/etc/d)");
        assertThat(f.prefixes(RDONLY)).containsExactly("/etc/a", "/etc/d/");
    }

    @Test
    void whatCannotBeReducedToAPrefixKeepsEverything() throws Exception {
        assertThat(filterOf("evt.type=openat and fd.name endswith shadow").keepsEverything()).isTrue();
        assertThat(filterOf("evt.type=openat and not fd.name startswith /tmp").keepsEverything()).isTrue();
        assertThat(filterOf("evt.type=openat and fd.filename=shadow").keepsEverything()).isTrue();
        assertThat(filterOf("evt.type=openat and fd.name startswith relative").keepsEverything()).isTrue();
        assertThat(filterOf("fd.name contains shadow").keepsEverything()).as("no event type: also opens").isTrue();
    }

    @Test
    void rulesOnOtherCallsNeedNoOpens() throws Exception {
        OpenPathFilter f = filterOf("evt.type=execve and proc.name=sh", "evt.type=connect and fd.sport=22");
        assertThat(f.keepsEverything()).isFalse();
        assertThat(f.prefixes(RDONLY)).isEmpty();
        assertThat(f.prefixes(WRONLY)).isEmpty();
        assertThat(f.passes("/anything", RDONLY)).isFalse();
        assertThat(f.passes("relative", RDONLY)).as("a relative path is always kept").isTrue();
    }

    @Test
    void aRuleOnACallThatReadsTheFdTableKeepsTheOpensItsPathsNeed() throws Exception {
        OpenPathFilter dup = filterOf("evt.type=dup and fd.name startswith /secret");
        assertThat(dup.prefixes(RDONLY)).containsExactly("/secret");
        assertThat(dup.prefixes(WRONLY)).containsExactly("/secret");
        OpenPathFilter sockets = filterOf("evt.type=dup and fd.type in (ipv4, ipv6)");
        assertThat(sockets.prefixes(RDONLY)).as("a skipped open is a file, never a socket").isEmpty();
        OpenPathFilter noFd = filterOf("evt.type=fchmod and proc.name=x");
        assertThat(noFd.prefixes(RDONLY)).isEmpty();
    }

    // The cases below were found by OpenFilterAlertsProperties (sensors/ebpf), the law that skipping never changes the alerts.

    @Test
    void aRuleOnCloseKeepsTheOpensWhoseClosesItCanMatchBecauseThoseClosesAreSkippedToo() throws Exception {
        assertThat(filterOf("evt.type=close and proc.name=x").keepsEverything()).as("every close can match").isTrue();
        OpenPathFilter f = filterOf("evt.type=close and fd.name startswith /tmp/");
        assertThat(f.prefixes(RDONLY)).containsExactly("/tmp/");
        assertThat(f.prefixes(RDWR)).containsExactly("/tmp/");
    }

    @Test
    void aFailedOpenHasTheTypeCharOfItsCallAndNoType() throws Exception {
        // a failed open has no fd: fd.type has no value, fd.typechar is 'f' for openat, openat2 and creat, 'o' for open
        assertThat(filterOf("evt.type=openat and fd.typechar=f").keepsEverything()).isTrue();
        assertThat(filterOf("evt.type=open and fd.typechar=o").keepsEverything()).isTrue();
        assertThat(filterOf("evt.type=openat and fd.typechar=d").keepsEverything()).as("kept, though no open can match").isTrue();
        // ...and the fd of a skipped (successful) open is always a file
        assertThat(filterOf("evt.type=dup and fd.type=directory").prefixes(RDONLY)).isEmpty();
        assertThat(filterOf("evt.type=dup and fd.typechar=o").prefixes(RDONLY)).isEmpty();
    }

    @Test
    void fieldsReadingEveryFdKeepEverythingWhateverTheEvent() throws Exception {
        assertThat(filterOf("evt.type=execve and proc.fdopencount > 3").keepsEverything()).isTrue();
        assertThat(filterOf("evt.type=execve and proc.stdin.name = /dev/null").keepsEverything()).isTrue();
        Expr execve = onlyCondition("evt.type=execve");
        assertThat(OpenPathAnalysis.filterRules(List.of(new OpenPathAnalysis.RuleText(execve, "n=%proc.fdopencount")))
                .keepsEverything()).as("in the output too").isTrue();
    }

    @Test
    void anOutputReadingTheFdOfACallOnAnFdKeepsTheOpensTheRuleCanSee() throws Exception {
        Expr any = onlyCondition("evt.type=fchmod and proc.name=x");
        assertThat(OpenPathAnalysis.filterRules(List.of(new OpenPathAnalysis.RuleText(any, "file=%fd.name")))
                .keepsEverything()).isTrue();
        Expr etc = onlyCondition("evt.type=fchmod and fd.name startswith /etc/");
        assertThat(OpenPathAnalysis.filterRules(List.of(new OpenPathAnalysis.RuleText(etc, "file=%fd.name")))
                .prefixes(WRONLY)).containsExactly("/etc/");
        Expr open = onlyCondition("evt.type=openat and fd.name startswith /etc/");
        assertThat(OpenPathAnalysis.filterRules(List.of(new OpenPathAnalysis.RuleText(open, "file=%fd.name")))
                .prefixes(RDONLY)).as("an open prints its own fd").containsExactly("/etc/");
    }

    /** evt.args prints an fd parameter with its file, as libsinsp's render_fd does: {@code fd=3(<f>/etc/passwd)}. */
    @Test
    void evtArgsReadsTheFdTableInAConditionAndInAnOutput() throws Exception {
        Expr read = onlyCondition("evt.type=fchmod and proc.name=cat");
        assertThat(OpenPathAnalysis.filterRules(List.of(new OpenPathAnalysis.RuleText(read, "args=%evt.args")))
                .keepsEverything()).isTrue();
        assertThat(filterOf("evt.type=fchmod and evt.args contains passwd").keepsEverything()).isTrue();
        // evt.arg of an fd parameter is its file too (libsinsp's TYPE_ARGSTR gives the resolved form)
        assertThat(filterOf("evt.type=fchmod and evt.arg.fd contains passwd").keepsEverything()).isTrue();
        assertThat(filterOf("evt.type=fchmod and evt.arg[1] contains shadow").keepsEverything()).as("by index").isTrue();
        assertThat(filterOf("evt.type=fchmod and evt.arg.mode = 0").keepsEverything()).as("no fd").isFalse();
        assertThat(OpenPathAnalysis.filterRules(List.of(new OpenPathAnalysis.RuleText(read, "fd=%evt.arg.fd")))
                .keepsEverything()).isTrue();
        assertThat(OpenPathAnalysis.filterRules(List.of(new OpenPathAnalysis.RuleText(read, "mode=%evt.arg.mode")))
                .keepsEverything()).as("a parameter that is no fd").isFalse();
    }

    @Test
    void pmatchComparesComponentsSoRepeatedSlashesAndGlobsShortenThePrefix() throws Exception {
        // pmatch skips empty components: // matches every path, /etc//pam.d is /etc/pam.d
        assertThat(filterOf("evt.type=openat and fd.name pmatch (//) and fd.name startswith /etc").prefixes(RDONLY))
                .containsExactly("/etc");
        assertThat(filterOf("evt.type=openat and fd.name pmatch (/etc//pam.d)").prefixes(RDONLY)).containsExactly("/etc/pam.d");
        assertThat(filterOf("evt.type=openat and fd.name pmatch (/etc/s*/x)").prefixes(RDONLY)).containsExactly("/etc");
    }

    @Test
    void anExecveatReadsTheFileOfItsDirfdOnlyThroughItsPaths() throws Exception {
        // fexecve: execveat(fd, "", AT_EMPTY_PATH) on the fd of an open; evt.abspath names that file
        assertThat(filterOf("evt.type=execveat and evt.abspath startswith /tmp/").keepsEverything()).isTrue();
        Expr exec = onlyCondition("evt.type in (execve, execveat) and proc.name=shred");
        assertThat(OpenPathAnalysis.filterRules(List.of(new OpenPathAnalysis.RuleText(exec, "file=%fd.name")))
                .prefixes(RDONLY)).as("execveat has no fd argument: fd fields do not read its dirfd").isEmpty();
        assertThat(OpenPathAnalysis.filterRules(List.of(new OpenPathAnalysis.RuleText(exec, "path=%evt.abspath")))
                .keepsEverything()).isTrue();
    }

    private static Expr onlyCondition(String condition) throws Exception {
        LoadResult loaded = new RulesLoader(FieldCatalogue.load()).load(List.of(new RulesSource("r.yaml",
                "- rule: r\n  desc: d\n  condition: " + condition + "\n  output: o\n  priority: WARNING\n")));
        assertThat(loaded.errors()).isEmpty();
        return conditions(loaded).get(0);
    }

    @Test
    void traversalChecksCannotMatchAPlainPath() throws Exception {
        OpenPathFilter f = filterOf("evt.type=openat and fd.nameraw contains '../' and fd.nameraw glob '*../*/../*'");
        assertThat(f.prefixes(RDONLY)).isEmpty();
        // ...and such paths are never plain, so they are always kept
        assertThat(f.passes("/tmp/../etc/shadow", RDONLY)).isTrue();
        assertThat(f.passes("/etc//shadow", RDONLY)).isTrue();
    }

    @Test
    void aCheckForCutStringsNeedsNoPlainOpen() throws Exception {
        OpenPathFilter f = filterOf("evt.is_truncated = true and proc.cmdline contains x");
        assertThat(f.prefixes(RDONLY)).isEmpty();
        assertThat(f.prefixes(RDWR)).isEmpty();
    }

    @Test
    void longPathsAreAlwaysKept() throws Exception {
        OpenPathFilter f = filterOf("evt.type=execve");
        String longPath = "/tmp/" + "x".repeat(OpenPathFilter.MAX_PLAIN_BYTES);
        assertThat(f.passes(longPath, RDONLY)).isTrue();
        String justShort = "/" + "é".repeat((OpenPathFilter.MAX_PLAIN_BYTES - 2) / 2);
        assertThat(justShort.getBytes(StandardCharsets.UTF_8).length).isLessThan(OpenPathFilter.MAX_PLAIN_BYTES);
        assertThat(f.passes(justShort, RDONLY)).isFalse();
        assertThat(f.passes(justShort + "é", RDONLY)).isTrue();
    }

    @Test
    void tooManyPrefixesKeepEveryPathOfThatMode() throws Exception {
        StringBuilder names = new StringBuilder();
        for (int i = 0; i <= OpenPathFilter.MAX_PREFIXES; i++) {
            names.append(i == 0 ? "" : ", ").append("/p").append(i).append("/f");
        }
        OpenPathFilter f = filterOf("evt.type=openat and evt.is_open_read=true and fd.name in (" + names + ")");
        assertThat(f.prefixes(RDONLY)).isNull();
        assertThat(f.prefixes(WRONLY)).isEmpty();
    }
}
