package dev.kestrel.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.testsupport.FalcoRulesRequired;
import dev.kestrel.core.testsupport.SharedFiles;
import dev.kestrel.testkit.jqwik.KestrelArbitraries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The laws of this project's rules: Falco's official rules plus src/rules/user_rules.yaml fire
 * nothing on benign workloads, and each custom rule fires on every generated variant of its attack
 * and not on its near misses. Skipped (with the reason) when the official ruleset is not there.
 */
@net.jqwik.api.lifecycle.AddLifecycleHook(FalcoRulesRequired.class)
class UserRulesProperties {

    static final Path OFFICIAL = SharedFiles.shared().resolve("rules/falco_rules.yaml");
    static final Path USER = SharedFiles.root().resolve("src/rules/user_rules.yaml");

    private static RuleTest rules;

    @BeforeContainer
    static void load() {
        rules = Files.isRegularFile(OFFICIAL) ? RuleTest.with(OFFICIAL, USER) : null;
    }

    @AfterContainer
    static void close() {
        if (rules != null) {
            rules.close();
        }
    }

    private static RuleTestResult run(Workload w) {
        SharedFiles.falcoRules();
        RuleTestResult r = rules.run(w);
        assertThat(r).usedEveryEvent();
        return r;
    }

    @Property(tries = 150)
    void benignWorkloadsFireNothing(@ForAll("benign") Workload w) {
        assertThat(run(w)).firedNothing();
    }

    @Property(tries = 100)
    void anyShellUnderAnyJavaInAnyContainerFires(@ForAll("javaShell") Workload w) {
        assertThat(run(w)).fired("Java Process Spawning Shell").withField("proc.pname", "java");
    }

    @Property(tries = 100)
    void shellNearMissesDoNotFireTheJavaRule(@ForAll("javaShellNearMiss") Workload w) {
        assertThat(run(w)).didNotFire("Java Process Spawning Shell");
    }

    @Property(tries = 60)
    void packageManagersInContainersFire(@ForAll("packageManager") Workload w) {
        assertThat(run(w)).fired("Launch Package Management Process in Container");
    }

    @Property(tries = 40)
    void packageManagersOnTheHostDoNotFire(@ForAll("packageManagerNearMiss") Workload w) {
        assertThat(run(w)).didNotFire("Launch Package Management Process in Container");
    }

    @Property(tries = 60)
    void writesBelowBinaryDirectoriesFire(@ForAll("binaryWrite") Workload w) {
        assertThat(run(w)).fired("Write to Binary Dir");
    }

    @Property(tries = 60)
    void writesNextToBinaryDirectoriesDoNotFire(@ForAll("binaryWriteNearMiss") Workload w) {
        assertThat(run(w)).didNotFire("Write to Binary Dir");
    }

    @Property(tries = 60)
    void outboundConnectionsFire(@ForAll("outbound") Workload w) {
        assertThat(run(w)).fired("Unexpected Outbound Connection");
    }

    @Property(tries = 60)
    void clusterLocalAndToolConnectionsDoNotFire(@ForAll("outboundNearMiss") Workload w) {
        assertThat(run(w)).didNotFire("Unexpected Outbound Connection");
    }

    @Property(tries = 60)
    void pathsNearSensitiveFilesAreNotSensitiveReads(@ForAll("nearSensitive") String path) {
        RuleTestResult r = run(new Workload(World.of(b -> b.container(Container.of("5e45171fe000", "busybox:1.36"))
                .process(RunningProcess.of("cat", "/bin/cat").in("5e45171fe000"))), List.of(Action.open("cat", path))));
        assertThat(r).firedNothing();
    }

    @Provide
    Arbitrary<Workload> benign() {
        return KestrelArbitraries.benignWorkloads();
    }

    @Provide
    Arbitrary<Workload> javaShell() {
        return KestrelArbitraries.javaSpawnsShell();
    }

    @Provide
    Arbitrary<Workload> javaShellNearMiss() {
        return KestrelArbitraries.javaSpawnsShellNearMisses();
    }

    @Provide
    Arbitrary<Workload> packageManager() {
        return KestrelArbitraries.packageManagerRuns();
    }

    @Provide
    Arbitrary<Workload> packageManagerNearMiss() {
        return KestrelArbitraries.packageManagerNearMisses();
    }

    @Provide
    Arbitrary<Workload> binaryWrite() {
        return KestrelArbitraries.binaryDirWrites();
    }

    @Provide
    Arbitrary<Workload> binaryWriteNearMiss() {
        return KestrelArbitraries.binaryDirWriteNearMisses();
    }

    @Provide
    Arbitrary<Workload> outbound() {
        return KestrelArbitraries.outboundConnections();
    }

    @Provide
    Arbitrary<Workload> outboundNearMiss() {
        return KestrelArbitraries.outboundConnectionNearMisses();
    }

    @Provide
    Arbitrary<String> nearSensitive() {
        return KestrelArbitraries.nearSensitivePaths();
    }
}
