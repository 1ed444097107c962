package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordAssemblerTest {

    private final List<SensorRecord> out = new ArrayList<>();
    private final CgroupNames cgroups = new CgroupNames(100, 1 << 20);
    private final RecordAssembler assembler = new RecordAssembler(out::add, cgroups, 4096, 500_000_000L);

    private void feed(String... lines) {
        for (String line : lines) {
            assembler.accept(line);
        }
    }

    @Test
    void anExecInAContainerIsAssembledFromItsLinesWithItsCgroupPath() {
        feed("E|2799641341932|7399|7399|7389|0|0|0|4294967295|34816|16|6404|0|0|0|0|0|cat",
                "G|6404|0|" + "a".repeat(64) + "",
                "G|6404|1|pod1234-5678",
                "G|6404|2|besteffort",
                "G|6404|3|kubepods",
                "G|6404|4|",
                "F|2799641341932|7399|1|0|0|0|0|/usr/bin/cat",
                "A|7399|0|cat\\x00/etc/shadow\\x00");
        assertThat(out).hasSize(1);
        SensorRecord.Exec e = (SensorRecord.Exec) out.get(0);
        assertThat(e.argv()).containsExactly("cat", "/etc/shadow");
        assertThat(e.filename()).isEqualTo("/usr/bin/cat");
        assertThat(e.tty()).isEqualTo(34816);
        assertThat(e.ppid()).isEqualTo(7389);
        assertThat(e.argsTruncated()).isFalse();
        assertThat(e.filenameTruncated()).isFalse();
        assertThat(e.execveat()).isFalse();
        assertThat(cgroups.path(6404)).isEqualTo("/kubepods/besteffort/pod1234-5678/" + "a".repeat(64));
    }

    @Test
    void theCapabilitiesAndExeFlagsOfAnExecAreReadFromItsHeader() {
        feed("E|5000|9|9|1|1000|0|4321|1000|0|16|1|1|2|2097152|4|0|cat", "F|5000|9|1|0|0|0|0|/proc/self/fd/3", "A|9|0|cat\\x00");
        SensorRecord.Exec e = (SensorRecord.Exec) out.get(0);
        assertThat(e.uid()).isEqualTo(1000);
        assertThat(e.euid()).isZero();
        assertThat(e.egid()).isEqualTo(4321);
        assertThat(e.capInheritable()).isEqualTo(1);
        assertThat(e.capPermitted()).isEqualTo(2);
        assertThat(e.capEffective()).isEqualTo(1L << 21);
        assertThat(e.exeFlags()).isEqualTo(ProcessPrograms.EXE_FROM_MEMFD);
    }

    /** A removed cgroup is forgotten in time order, after the records before it: it becomes a record, not an act. */
    @Test
    void aRemovedCgroupBecomesARecordInTimeOrder() {
        feed("G|6404|0|web", "G|6404|1|", "O|7000|6404");
        assertThat(out).containsExactly(new SensorRecord.CgroupGone(7000, 6404));
        assertThat(cgroups.path(6404)).as("still named until the writer reaches the record").isEqualTo("/web");
    }

    @Test
    void anExecWhoseHeaderComesLastFromItsKernelQueueIsAssembledWhenItComes() {
        feed("F|5000|9|1|0|0|0|0|/usr/bin/cat", "A|9|0|cat\\x00/etc/shadow\\x00");
        assertThat(out).as("the header is still in the kernel's queue").isEmpty();
        feed("E|5000|9|9|1|0|0|0|0|0|16|1|0|0|0|0|0|cat");
        assertThat(out).hasSize(1);
        SensorRecord.Exec e = (SensorRecord.Exec) out.get(0);
        assertThat(e.ts()).isEqualTo(5000);
        assertThat(e.argv()).containsExactly("cat", "/etc/shadow");
        assertThat(e.filename()).isEqualTo("/usr/bin/cat");
        assertThat(e.argsTruncated()).isFalse();
        assertThat(assembler.unparsed()).isEmpty();
    }

    @Test
    void aThreadThatExecsAgainBeforeTheFirstHeaderComesGetsBothExecsWithTheirOwnParts() {
        // sh -c 'exec env true': the second exec's file name and arguments are printed before either header.
        feed("F|100|9|1|0|0|0|0|/bin/sh", "A|9|0|sh\\x00-c\\x00exec env true\\x00",
                "F|200|9|1|0|0|0|0|/usr/bin/env", "A|9|0|env\\x00true\\x00",
                "E|100|9|9|1|0|0|0|0|0|20|1|0|0|0|0|0|sh", "E|200|9|9|1|0|0|0|0|0|9|1|0|0|0|0|0|env");
        assertThat(out).extracting(r -> ((SensorRecord.Exec) r).argv())
                .containsExactly(List.of("sh", "-c", "exec env true"), List.of("env", "true"));
        assertThat(out).extracting(r -> ((SensorRecord.Exec) r).filename()).containsExactly("/bin/sh", "/usr/bin/env");
        assertThat(assembler.unparsed()).isEmpty();
    }

    @Test
    void anExecWithoutItsHeaderWhileTheProbesAttachIsCountedAsSuch() {
        assembler.attachedAt(2000);
        feed("F|1000|9|1|0|0|0|0|/bin/sh", "A|9|0|sh\\x00", "T|600003000");
        assertThat(out).isEmpty();
        assertThat(assembler.seenWhileAttaching()).isEqualTo(1);
        assertThat(assembler.unparsed()).isEmpty();
    }

    @Test
    void anExecWhoseHeaderWasLostInTheKernelIsCountedWhenItsWaitEnds() {
        assembler.attachedAt(500);
        feed("F|1000|9|1|0|0|0|0|/bin/sh", "A|9|0|sh\\x00", "T|600001000");
        assertThat(out).isEmpty();
        assertThat(assembler.unparsed()).containsOnly(Map.entry("exec without its header (lost in the kernel)", 1L));
        feed("A|9|0|sh\\x00");
        assertThat(assembler.unparsed()).containsEntry("exec arguments without their exec", 1L);
    }

    @Test
    void partsMissingWhileTheProbesAreDetachedAreCountedAsSuchNotAsLostOrNotUnderstood() {
        assembler.attachedAt(500);
        // Before the stop: an exec that lost its header, an exec that lost its arguments, a call that
        // lost its second path: all lost in the kernel.
        feed("F|1000|9|1|0|0|0|0|/bin/sh", "E|1100|10|10|1|0|0|0|0|0|5|1|0|0|0|0|0|sh",
                "S|" + SyscallProbes.BY_SYSCALL.get("renameat2").index() + "|1200|7|7|0|-100|-100|/tmp/a");
        assembler.detachingFrom(5000);
        // After it, the same three, and argument chunks whose exec's other programs are already detached.
        feed("F|6000|11|1|0|0|0|0|/bin/sh", "E|6100|12|12|1|0|0|0|0|0|5|1|0|0|0|0|0|sh",
                "S|" + SyscallProbes.BY_SYSCALL.get("renameat2").index() + "|6200|13|13|0|-100|-100|/tmp/b",
                "A|14|0|true\\x00", "A|14|160|x\\x00");
        assembler.finish();
        assertThat(assembler.unparsed()).containsOnly(Map.entry("exec without its header (lost in the kernel)", 1L),
                Map.entry("exec with parts lost", 1L), Map.entry("call with parts lost", 1L));
        assertThat(assembler.seenWhileDetaching()).isEqualTo(5);
        // The execs and calls with a header go out incomplete either way; the rest only counted.
        assertThat(out).hasSize(4);
        assertThat(out).filteredOn(r -> r instanceof SensorRecord.Exec).allMatch(r -> ((SensorRecord.Exec) r).argsTruncated());
    }

    @Test
    void beforeTheStopArgumentsWithoutTheirExecAreNotUnderstood() {
        feed("A|14|0|true\\x00");
        assertThat(assembler.seenWhileDetaching()).isZero();
        assertThat(assembler.unparsed()).containsOnly(Map.entry("exec arguments without their exec", 1L));
    }

    @Test
    void aForkIsTheParentsReturnThenTheChildsWithItsParentAndFlags() {
        // fork of process 7 by its thread 8; a thread of 7 made by clone; a CLONE_PARENT child; a
        // child process of the untraced process (no parent record)
        feed("B|3|100|8|7|20|0|1|1",
                "B|1|200|7|7|21|" + (0x10000 | 0x100 | 0x400) + "|1|1",
                "B|2|300|7|7|22|" + 0x8000 + "|1|1",
                "B|4|400|5|5|23|" + 0x4100 + "|1|0");
        assertThat(out).containsExactly(
                new SensorRecord.Clone("fork", 100, 8, 7, 20, 0, 0),
                new SensorRecord.Clone("fork", 100, 20, 20, 0, 0, 8),
                new SensorRecord.Clone("clone", 200, 7, 7, 21, 0x10500, 0),
                new SensorRecord.Clone("clone", 200, 21, 7, 0, 0x10500, 7),
                new SensorRecord.Clone("clone3", 300, 7, 7, 22, 0x8000, 0),
                new SensorRecord.Clone("clone3", 300, 22, 22, 0, 0x8000, 1),
                new SensorRecord.Clone("vfork", 400, 23, 23, 0, 0x4100, 5));
        assertThat(assembler.unparsed()).isEmpty();
    }

    @Test
    void aForkOfNoCloneCallOrWithoutAChildIsCountedNotUsed() {
        feed("B|0|100|8|7|20|0|1|1", "B|5|100|8|7|20|0|1|1", "B|1|100|8|7|0|0|1|1", "B|1|100|8|7");
        assertThat(out).isEmpty();
        assertThat(assembler.unparsed()).containsOnly(Map.entry("malformed B line", 4L));
    }

    @Test
    void aCallWithTwoPathsWaitsForItsSecondLine() {
        feed("S|" + SyscallProbes.BY_SYSCALL.get("renameat2").index() + "|100|7|7|0|-100|-100|/tmp/a");
        assertThat(out).isEmpty();
        feed("P|100|7|/usr/bin/b");
        assertThat(out).hasSize(1);
        SensorRecord.Call c = (SensorRecord.Call) out.get(0);
        assertThat(c.probe().syscall()).isEqualTo("renameat2");
        assertThat(c.strings()).containsExactly("/tmp/a", "/usr/bin/b");
        assertThat(c.numbers()).containsExactly(-100, -100);
    }

    @Test
    void lostPartsAreGivenUpAfterTheWaitAndCounted() {
        assembler.attachedAt(500);
        feed("E|1000|9|9|1|0|0|0|0|0|5|1|0|0|0|0|0|sh",
                "T|600001000");
        assertThat(out).hasSize(1);
        assertThat(((SensorRecord.Exec) out.get(0)).argsTruncated()).isTrue();
        assertThat(assembler.unparsed()).containsEntry("exec with parts lost", 1L);
    }

    @Test
    void anExecSeenInPartWhileTheProbesAttachIsCountedApartFromLostParts() {
        feed("E|1000|9|9|1|0|0|0|0|0|5|1|0|0|0|0|0|sh");
        assembler.attachedAt(2000);
        feed("E|3000|10|10|1|0|0|0|0|0|5|1|0|0|0|0|0|sh", "T|600003001");
        assertThat(out).hasSize(2);
        assertThat(assembler.seenWhileAttaching()).isEqualTo(1);
        assertThat(assembler.unparsed()).containsOnlyKeys("exec with parts lost").containsEntry("exec with parts lost", 1L);
    }

    @Test
    void argumentsLongerThanTheReadLimitAreCutNotTakenForAmbiguousEscapes() {
        int chunk = BpftraceScript.ARG_CHUNK_BYTES;
        int chunks = (4096 + chunk - 1) / chunk;
        List<String> lines = new ArrayList<>(List.of("E|700|11|11|1|0|0|0|0|0|6000|1|0|0|0|0|0|true", "F|700|11|1|0|0|0|0|/bin/true"));
        for (int i = 0; i < chunks; i++) {
            lines.add("A|11|" + (i * chunk) + "|" + (i == 0 ? "true\\x00" + "x".repeat(chunk - 5) : "x".repeat(chunk)));
        }
        feed(lines.toArray(String[]::new));
        assertThat(out).hasSize(1);
        SensorRecord.Exec e = (SensorRecord.Exec) out.get(0);
        assertThat(e.argsTruncated()).isTrue();
        assertThat(e.argv()).hasSize(2);
        assertThat(e.argv().get(1)).hasSize(chunks * chunk - 5).matches("x+");
        assertThat(assembler.unparsed()).isEmpty();
    }

    @Test
    void theKernelsCountsOfOpensLeftThereAreSummedOverCpus() {
        feed("K|0|10", "K|1|5", "K|0|12");
        assertThat(assembler.opensLeftInKernel()).isEqualTo(17);
        // an older line of one CPU read after a newer one (the buffers are read one after the other)
        feed("K|1|9", "K|1|7");
        assertThat(assembler.opensLeftInKernel()).isEqualTo(21);
        assertThat(out).isEmpty();
        assertThat(assembler.unparsed()).isEmpty();
    }

    @Test
    void theKernelsCountsOfRecordsItsQueuesHadNoRoomForAreSummedOverCpus() {
        feed("L|0|3", "L|1|2", "L|0|4", "L|1|1");
        assertThat(assembler.queueLost()).as("each CPU's count only grows: the largest is its latest").isEqualTo(6);
        assertThat(assembler.opensLeftInKernel()).isZero();
        assertThat(out).isEmpty();
        assertThat(assembler.unparsed()).isEmpty();
    }

    @Test
    void theKernelsCountsOfCallsSeenOnlyAtTheirExitAreSummedOverCpus() {
        feed("M|0|2", "M|1|5", "M|0|3");
        assertThat(assembler.entriesMissing()).isEqualTo(8);
        assertThat(assembler.queueLost()).isZero();
        assertThat(out).isEmpty();
        assertThat(assembler.unparsed()).isEmpty();
    }

    @Test
    void theEndLineSaysTheRunWasReadToItsEnd() {
        feed("T|100", "X|200|7|7|0|1");
        assertThat(assembler.ended()).isFalse();
        feed("Q|");
        assertThat(assembler.ended()).isTrue();
        assertThat(assembler.unparsed()).isEmpty();
    }

    @Test
    void aLineNotUnderstoodIsCountedNotThrown() {
        assembler.accept("S|1|notanumber");
        assembler.accept("zzz");
        assertThat(out).isEmpty();
        assertThat(assembler.unparsed()).containsEntry("malformed S line", 1L).containsEntry("unknown line", 1L);
    }

    @Test
    void anExecMadeByExecveatSaysSo() {
        feed("E|500|8|8|1|0|0|0|0|0|5|1|0|0|0|0|0|true",
                "F|500|8|2|0|0|0|0|/dev/fd/3",
                "A|8|0|true\\x00");
        SensorRecord.Exec e = (SensorRecord.Exec) out.get(0);
        assertThat(e.execveat()).isTrue();
        assertThat(e.filename()).isEqualTo("/dev/fd/3");
        assertThat(e.argv()).containsExactly("true");
    }

    @Test
    void failedExecsCarryTheirErrorAndTarget() {
        feed("Y|700|9|9|-2|1|-100|/usr/local/bin/apt-get",
                "Y|701|9|9|-13|2|3|");
        assertThat(out).hasSize(2);
        SensorRecord.FailedExec missing = (SensorRecord.FailedExec) out.get(0);
        assertThat(missing.ret()).isEqualTo(-2);
        assertThat(missing.execveat()).isFalse();
        assertThat(missing.filename()).isEqualTo("/usr/local/bin/apt-get");
        assertThat(missing.filenameTruncated()).isFalse();
        SensorRecord.FailedExec denied = (SensorRecord.FailedExec) out.get(1);
        assertThat(denied.ret()).isEqualTo(-13);
        assertThat(denied.execveat()).isTrue();
        assertThat(denied.dirfd()).isEqualTo(3);
        assertThat(denied.filename()).isEmpty();
    }

    @Test
    void stringsThatFillTheBufferAreMarkedCutOneByOne() {
        String full = "/" + "d".repeat(BpftraceScript.STRING_BYTES - 2);
        feed("S|" + SyscallProbes.BY_SYSCALL.get("renameat2").index() + "|100|7|7|0|-100|-100|/tmp/a",
                "P|100|7|" + full + "",
                "Y|700|9|9|-2|1|-100|" + full + "");
        SensorRecord.Call c = (SensorRecord.Call) out.get(0);
        assertThat(c.cutStrings()).isEqualTo(0b10);
        assertThat(((SensorRecord.FailedExec) out.get(1)).filenameTruncated()).isTrue();
        // the bytes printed count: 66 three-byte characters are 198 bytes, one short of the limit; 67 fill it
        feed("Y|701|9|9|-2|1|-100|" + "\u20ac".repeat(66), "Y|702|9|9|-2|1|-100|" + "\u20ac".repeat(67));
        assertThat(((SensorRecord.FailedExec) out.get(2)).filenameTruncated()).isFalse();
        assertThat(((SensorRecord.FailedExec) out.get(3)).filenameTruncated()).isTrue();
    }

    @Test
    void bytesThatAreNotUtf8CountAsTheBytesPrintedNotAsTheirReplacement() {
        // 75 bytes, 70 of them 0xff: each reads as U+FFFD, three bytes in UTF-8, yet bpftrace printed the whole name
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        line.writeBytes("Y|1000|42|42|-2|1|-100|/tmp/".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < 70; i++) {
            line.write(0xff);
        }
        byte[] b = line.toByteArray();
        assembler.accept(b, 0, b.length);

        SensorRecord.FailedExec x = (SensorRecord.FailedExec) out.get(0);
        assertThat(x.filename()).startsWith("/tmp/\uFFFD").hasSize(75);
        assertThat(x.filenameTruncated()).isFalse();
    }

    @Test
    void argumentsLongerThanTheReadLimitAreMarkedCut() {
        RecordAssembler small = new RecordAssembler(out::add, cgroups, 160, 500_000_000L);
        small.accept("E|1000|9|9|1|0|0|0|0|0|400|1|0|0|0|0|0|sh");
        small.accept("F|1000|9|1|0|0|0|0|/bin/sh");
        small.accept("A|9|0|" + "sh\\x00-c\\x00" + "x".repeat(154));
        SensorRecord.Exec e = (SensorRecord.Exec) out.get(0);
        assertThat(e.argsTruncated()).isTrue();
        assertThat(e.argv()).hasSize(3).startsWith("sh", "-c");
    }

    @Test
    void aSendToADestinationCarriesBothEndsAndSendsLeftInTheKernelAreCountedPerCpu() {
        feed("N|sendto|5|3|3|1|4|2|0.0.0.0|40000|203.0.113.2|53", "W|0|4", "W|1|2", "W|0|6");
        SensorRecord.Net n = (SensorRecord.Net) out.get(0);
        assertThat(n.call()).isEqualTo("sendto");
        assertThat(n.ret()).isEqualTo(1);
        assertThat(n.remoteIp()).isEqualTo("203.0.113.2");
        assertThat(n.remotePort()).isEqualTo(53);
        assertThat(assembler.sendsLeftInKernel()).as("each CPU's latest count, summed").isEqualTo(8);
        assertThat(assembler.opensLeftInKernel()).isZero();
    }

    @Test
    void anAcceptedConnectionSaysWhetherItsFdClosesAtAnExec() {
        feed("N|accept4|5|3|3|6|6|1|2|10.0.0.1|4444|10.0.0.2|44140", "N|accept4|6|3|3|7|7|0|2|10.0.0.1|4444|10.0.0.2|44141",
                "U|accept|7|3|3|8|8|0|", "N|connect|8|3|3|0|4|2|10.0.0.2|44140|10.0.0.1|4444");
        assertThat(out).extracting(r -> ((SensorRecord.Net) r).closeOnExec()).containsExactly(true, false, false, false);
        assertThat(out).extracting(r -> ((SensorRecord.Net) r).remotePort()).containsExactly(44140, 44141, 0, 4444);
    }

    @Test
    void connectCarriesBothEnds() {
        feed("N|connect|5|3|3|0|4|2|10.0.0.2|44140|10.0.0.1|4444");
        SensorRecord.Net n = (SensorRecord.Net) out.get(0);
        assertThat(n.localIp()).isEqualTo("10.0.0.2");
        assertThat(n.remotePort()).isEqualTo(4444);
    }
}
