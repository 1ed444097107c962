package dev.kestrel.bench;

import dev.kestrel.bench.report.JmhResult;
import dev.kestrel.bench.report.SummaryTable;
import dev.kestrel.bench.stream.GeneratedStream;
import dev.kestrel.bench.stream.StreamGenerator;
import dev.kestrel.bench.stream.StreamJsonLines;
import dev.kestrel.core.json.JsonReader;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Small commands behind {@code bench/run}: {@code mix [SEED] [EVENTS]} prints the generated stream's
 * event mix, {@code jsonl [SEED] [EVENTS] [LOOPS]} writes it as JSON Lines for {@code kestrel replay},
 * {@code alloc [LOOPS]} prints bytes allocated per event by event type (state update and
 * {@code Kestrel.process}), {@code cpu [SECONDS]} prints events per second of thread CPU time (for a
 * shared machine), {@code shards [SECONDS]} one engine per thread on one and two threads,
 * {@code types [PASSES]} the median cost of each event type, {@code report FILE.json} turns JMH's JSON results into the summary table.
 */
public final class BenchTool {
    private BenchTool() {
    }

    /** Runs one command; problems are printed to stderr (the script checks for the summary line). */
    public static void main(String[] args) throws Exception {
        run(args, System.out, System.err);
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length == 0) {
            err.println("usage: BenchTool mix [SEED] [EVENTS] | jsonl [SEED] [EVENTS] [LOOPS] | alloc [LOOPS] | cpu [SECONDS] | shards [SECONDS] | types [PASSES] | report RESULTS.json");
            return 2;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "mix" -> {
                long seed = rest.length > 0 ? Long.parseLong(rest[0]) : BenchStreams.SEED;
                int events = rest.length > 1 ? Integer.parseInt(rest[1]) : BenchStreams.BODY_EVENTS;
                GeneratedStream stream = StreamGenerator.of(seed, events);
                out.printf("seed %d: %d threads, %d containers, %d prologue events, %d body events%n", seed,
                        stream.processes().size(), stream.containers().size(), stream.prologue().size(), stream.body().size());
                out.print(stream.mix().table());
                return 0;
            }
            case "jsonl" -> {
                long seed = rest.length > 0 ? Long.parseLong(rest[0]) : BenchStreams.SEED;
                int events = rest.length > 1 ? Integer.parseInt(rest[1]) : BenchStreams.BODY_EVENTS;
                int loops = rest.length > 2 ? Integer.parseInt(rest[2]) : 1;
                Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
                StreamJsonLines.write(StreamGenerator.of(seed, events), loops, writer);
                writer.flush();
                return 0;
            }
            case "alloc" -> {
                AllocationProfile.print(rest.length > 0 ? Integer.parseInt(rest[0]) : 40, out);
                return 0;
            }
            case "cpu" -> {
                CpuThroughput.print(rest.length > 0 ? Integer.parseInt(rest[0]) : 10, out);
                return 0;
            }
            case "types" -> {
                EventTypeCost.print(rest.length > 0 ? Integer.parseInt(rest[0]) : 31, out);
                return 0;
            }
            case "shards" -> {
                ShardScaling.print(rest.length > 0 ? Integer.parseInt(rest[0]) : 10, out);
                return 0;
            }
            case "report" -> {
                if (rest.length != 1) {
                    err.println("usage: BenchTool report RESULTS.json");
                    return 2;
                }
                String text = Files.readString(Path.of(rest[0]));
                out.print(new SummaryTable(JmhResult.fromJson(JsonReader.parse(text))).render());
                return 0;
            }
            default -> {
                err.println("unknown command " + args[0]);
                return 2;
            }
        }
    }
}
