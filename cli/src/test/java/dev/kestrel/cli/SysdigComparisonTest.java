package dev.kestrel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.testsupport.SharedFiles;
import dev.kestrel.core.testsupport.SystemTests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code kestrel filter} against the real {@code sysdig -r FILE -p FORMAT CONDITION} on the same
 * capture, line by line: the shared node capture and one written by the test capture writer, with
 * conditions over the field classes a capture fills and both know (evt, proc, thread, user, group, fd,
 * container; k8s, fdlist and fs.path have nothing to match in these captures or are newer than sysdig 0.29).
 */
class SysdigComparisonTest {

    private static final String FORMAT = "%evt.num %evt.type %evt.dir %proc.name %thread.tid";

    /** Conditions where sysdig 0.29 and Kestrel agree by design; docs/scap.md lists where they differ. */
    private static final List<String> CONDITIONS = List.of(
            "evt.type=openat",
            "evt.dir=> and evt.type in (read, write)",
            "evt.type=execve and evt.dir=<",
            "evt.res=SUCCESS and evt.type=close",
            "evt.failed=true",
            "evt.rawres<0",
            "evt.arg.flags contains O_WRONLY",
            "evt.is_open_read=true",
            "evt.is_open_write=true",
            "evt.category=net",
            "proc.name=bash",
            "proc.pname=sshd",
            "proc.aname[2]=sshd",
            "proc.cmdline contains \"-l\"",
            "proc.exe=/usr/bin/bash or proc.exe=/bin/bash",
            "proc.args contains \"-c\" or proc.args contains \"-s\"",
            "proc.ppid=1",
            "proc.tty!=0",
            "thread.tid=700",
            "user.name=alice",
            "user.uid=1000",
            "user.loginuid=1000",
            "group.gid=1000",
            "fd.name startswith /etc",
            "fd.name=/etc/shadow",
            "fd.directory=/etc",
            "fd.filename=passwd and evt.failed=false",
            "fd.num=5",
            "fd.type=ipv4",
            "fd.sip=10.0.0.5",
            "fd.sport=22 or fd.sport=80",
            "fd.name contains \"->\" and evt.type!=connect",
            "fd.name pmatch (/etc, /usr/bin)",
            "evt.type in (open, openat) and fd.name glob \"/usr/bin/*\"",
            "container.id!=host",
            "container.name=db or container.name=web",
            "container.image.repository=redis or container.image.repository=postgres",
            "container.privileged=true",
            "proc.name in (nc, ncat, netcat, curl)");

    @TempDir
    static Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"node-50k", "written"})
    void kestrelFilterPrintsWhatSysdigPrints(String which) throws Exception {
        SystemTests.require(SystemTests.onPath("sysdig"), "sysdig is not installed (apt-get install sysdig)");
        Path capture = which.equals("written")
                ? SampleCapture.write(dir.resolve("written.scap"), 11, 300)
                : SharedFiles.sharedFile("captures/node-50k.scap");
        int compared = 0;
        for (String condition : CONDITIONS) {
            List<String> sysdig = sysdig(capture, condition);
            CliRunner k = CliRunner.run("filter", "-p", FORMAT, condition, capture.toString());
            assertThat(k.code()).as(k.err()).isZero();
            assertThat(k.out().lines().toList()).as("%s on %s", condition, which).isEqualTo(sysdig);
            compared += sysdig.size();
        }
        assertThat(compared).as("lines compared").isGreaterThan(which.equals("written") ? 1000 : 100_000);
    }

    private static List<String> sysdig(Path capture, String condition) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "sysdig", ".txt");
        Process p = new ProcessBuilder("sysdig", "-r", capture.toString(), "-p", FORMAT, condition)
                .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("sysdig finished").isTrue();
        assertThat(p.exitValue()).as("sysdig exit code for " + condition).isZero();
        return Files.readAllLines(out, StandardCharsets.UTF_8);
    }
}
