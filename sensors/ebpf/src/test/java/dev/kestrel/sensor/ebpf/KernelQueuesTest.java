package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class KernelQueuesTest {

    @Test
    void aRecordIsStoredUnderItsCpuAndNumberWhileItsCpuHasRoomAndCountedAsLostOtherwise() {
        KernelQueues q = new KernelQueues(4, 65_536);
        assertThat(q.capacityPerCpu()).as("the map's entries are shared by the CPUs").isEqualTo(16_384);
        String store = q.store('X', "%llu|%d", List.of("nsecs", "tid"));
        assertThat(store).isEqualTo("$qc = (uint64)cpu; $qi = @qn[(uint64)0, $qc]; if ($qi - @qn[(uint64)1, $qc] < 16384) { "
                + "@qX[$qc, $qi] = (nsecs, tid); @qn[(uint64)0, $qc] = $qi + 1; } else { @qlost[$qc]++; }");
        assertThat(q.used()).isTrue();
        assertThat(q.maps()).containsExactly("@qX", "@qn", "@qlost");
    }

    @Test
    void aQueueHoldsRecordsOfOneShapeOfAtLeastTwoFields() {
        KernelQueues q = new KernelQueues(2, 1024);
        q.store('B', "%d|%d", List.of("tid", "pid"));
        assertThat(q.store('B', "%d|%d", List.of("pid", "tid"))).contains("@qB[$qc, $qi] = (pid, tid)");
        assertThatThrownBy(() -> q.store('B', "%d|%d|%d", List.of("tid", "pid", "1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another shape");
        assertThatThrownBy(() -> q.store('Y', "%d", List.of("tid")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two fields");
        assertThat(new KernelQueues(2, 1024).used()).isFalse();
    }

    @Test
    void theTimerPrintsEveryCpusQueuesInBoundedBatchesAndTheCountsEverySecond() {
        KernelQueues q = new KernelQueues(2, 1024);
        q.store('B', "%d|%llu", List.of("tid", "nsecs"));
        q.store('X', "%llu|%d|%d", List.of("nsecs", "tid", "pid"));
        String timer = q.drainPrograms();
        assertThat(timer).startsWith("interval:ms:" + KernelQueues.DRAIN_MS + " {\n").endsWith("}\n");
        assertThat(timer.split("interval:", -1)).as("one timer serves both CPUs").hasSize(2);
        assertThat(q.batch()).isEqualTo(Math.min(KernelQueues.DRAIN_BATCH, KernelQueues.DRAIN_BUDGET / 4));
        for (int c = 0; c < 2; c++) {
            String cpu = "(uint64)" + c;
            assertThat(timer).contains(
                    "$rB = @qn[(uint64)1, " + cpu + "]; $nB = 0;\n  while ($rB < @qn[(uint64)0, " + cpu + "] && $nB < " + q.batch() + ")",
                    "$vB = @qB[" + cpu + ", $rB];", "delete(@qB[" + cpu + ", $rB]);", "@qn[(uint64)1, " + cpu + "] = $rB;",
                    "while ($rX < @qn[(uint64)2, " + cpu + "] && $nX < " + q.batch() + ")", "@qn[(uint64)3, " + cpu + "] = $rX;");
        }
        assertThat(timer).contains("printf(\"B|%d|%llu\\n\", $vB.0, $vB.1);", "printf(\"X|%llu|%d|%d\\n\", $vX.0, $vX.1, $vX.2);");
        assertThat(q.counterProgram()).startsWith("interval:s:1 {")
                .contains("@qlost[(uint64)0]", "printf(\"L|0|%llu\\n\"", "printf(\"L|1|%llu\\n\"");
        assertThat(q.begin()).isEqualTo("BEGIN { @qn[(uint64)0, (uint64)0] = (uint64)0; }\n");
    }

    @Test
    void theEndPrintsEveryCpusLeftoversAndCountsTheRestAsLost() {
        KernelQueues small = new KernelQueues(2, 1024);
        small.store('X', "%llu|%d", List.of("nsecs", "tid"));
        String end = small.finalStatements();
        for (int c = 0; c < 2; c++) {
            assertThat(end).contains("while ($rX < @qn[(uint64)0, (uint64)" + c + "] && $nX < " + small.batch() + ")",
                    "$leftX" + c + " = @qn[(uint64)0, (uint64)" + c + "] - @qn[(uint64)1, (uint64)" + c + "]; if ($leftX" + c
                            + " > 0) { @qlost[(uint64)" + c + "] += (int64)$leftX" + c + "; }");
        }
        assertThat(end.indexOf("$leftX0")).as("leftovers are counted after the last batch").isGreaterThan(end.lastIndexOf("while ("));
        assertThat(end.indexOf("$leftX1")).as("the counts are printed after the last leftovers were counted")
                .isLessThan(end.indexOf("printf(\"L|0|"));
    }

    @Test
    void onManyCpusEachTimerServesFewOfThemSoTheVerifierWalksABoundedNumberOfIterations() {
        KernelQueues wide = new KernelQueues(20, 1 << 20);
        wide.store('B', "%d|%d", List.of("tid", "pid"));
        wide.store('X', "%d|%d", List.of("tid", "pid"));
        int perTimer = KernelQueues.CPUS_PER_TIMER;
        assertThat(wide.batch()).isEqualTo(Math.min(KernelQueues.DRAIN_BATCH, KernelQueues.DRAIN_BUDGET / (perTimer * 2)));
        String[] timers = wide.drainPrograms().split("(?=interval:ms:)");
        assertThat(timers).hasSize((20 + perTimer - 1) / perTimer);
        for (int t = 0; t < timers.length; t++) {
            Matcher cpu = Pattern.compile("\\$rB = @qn\\[\\(uint64\\)1, \\(uint64\\)(\\d+)\\]").matcher(timers[t]);
            int first = t * perTimer;
            int served = 0;
            while (cpu.find()) {
                assertThat(Integer.parseInt(cpu.group(1))).isEqualTo(first + served);
                served++;
            }
            assertThat(served).isEqualTo(Math.min(perTimer, 20 - first));
            assertIterationsWithinBudget(timers[t], wide.batch());
        }
        String end = wide.finalStatements();
        int endBatch = KernelQueues.DRAIN_BUDGET / (20 * 2);
        assertIterationsWithinBudget(end, endBatch);
        assertThat(end).contains("$leftX19 = ");
        assertThat(new KernelQueues(100_000, 1 << 20).batch()).isEqualTo(KernelQueues.DRAIN_BUDGET / (perTimer));
    }

    private static void assertIterationsWithinBudget(String program, int batch) {
        Matcher bound = Pattern.compile("&& \\$n[BX] < (\\d+)\\)").matcher(program);
        int total = 0;
        while (bound.find()) {
            assertThat(Integer.parseInt(bound.group(1))).isEqualTo(batch);
            total += batch;
        }
        assertThat(total).isPositive().isLessThanOrEqualTo(KernelQueues.DRAIN_BUDGET);
    }
}
