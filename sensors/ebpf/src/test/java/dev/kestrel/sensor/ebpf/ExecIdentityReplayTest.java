package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What an exec's lines say of its program's path and of its ids in its PID namespace, through the
 * sensor's reading path into the engine: {@code proc.exepath} is the walked path when the program
 * walked the file, else the exec'd name; {@code proc.vpid}, {@code thread.vtid} and the exe file's
 * inode and times are the header's.
 */
class ExecIdentityReplayTest {

    private static final String RULES = """
            - rule: exec identity
              desc: every exec, with its path and ids
              condition: evt.type = execve
              output: "exe=%proc.exe exepath=%proc.exepath vpid=%proc.vpid vtid=%thread.vtid pid=%proc.pid ino=%proc.exe_ino ctime=%proc.exe_ino.ctime mtime=%proc.exe_ino.mtime"
              priority: NOTICE
            """;

    /** 2024-01-01 and 2023-01-01 UTC, in nanoseconds. */
    private static final long CTIME = 1_704_067_200_000_000_000L;
    private static final long MTIME = 1_672_531_200_000_000_000L;

    /** An exec of {@code file} by thread {@code tid} whose header gives {@code vpid} and whose file has key {@code key} and inode {@code ino} (0: not read). */
    private static List<String> exec(long ts, long tid, long vpid, long key, String file, long ino) {
        return List.of("E|" + ts + "|" + tid + "|" + tid + "|1|0|0|0|0|0|3|1|0|0|0|0|" + vpid + "|sh",
                "F|" + ts + "|" + tid + "|1|" + key + "|" + ino + "|" + CTIME + "|" + MTIME + "|" + file, "A|" + tid + "|0|sh\\x00");
    }

    @Test
    void aWalkedProgramIsNamedByItsPathAndTheHeaderGivesItsNamespaceIds() {
        try (SensorReplay replay = new SensorReplay("identity.yaml", RULES)) {
            List<String> lines = new java.util.ArrayList<>(List.of("D|77|0|dash", "D|77|1|bin", "D|77|2|usr", "D|77|-1|0|3"));
            lines.addAll(exec(1_000, 4100, 6, 77, "/bin/sh", 5512));
            List<SensorReplay.Seen> seen = replay.alerts(lines);
            assertThat(seen).singleElement().extracting(SensorReplay.Seen::output).asString()
                    .endsWith(" exe=sh exepath=/usr/bin/dash vpid=6 vtid=6 pid=4100 ino=5512 ctime=" + CTIME + " mtime=" + MTIME);
        }
    }

    /** A key whose walk never came (lost, or not kept): the exec'd name, as before the walk existed. */
    @Test
    void aProgramNotWalkedIsNamedAsItWasExecd() {
        try (SensorReplay replay = new SensorReplay("identity.yaml", RULES)) {
            List<SensorReplay.Seen> seen = replay.alerts(exec(1_000, 4100, 4100, 78, "/bin/sh", 0));
            assertThat(seen).singleElement().extracting(SensorReplay.Seen::output).asString()
                    .endsWith(" exe=sh exepath=/bin/sh vpid=4100 vtid=4100 pid=4100 ino=<NA> ctime=<NA> mtime=<NA>");
        }
    }
}
