package dev.kestrel.sensor.ebpf;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link EbpfSource#start} does outside the JVM: check the prerequisites, start bpftrace, read what
 * ran before the probes attached. {@link #HOST} does it on this host; tests give stand-ins instead.
 */
interface BpftraceLaunch {

    /** The real thing: {@link EbpfPreflight}, {@link BpftraceProcess}, {@link RecordPipeline#bootstrap}. */
    BpftraceLaunch HOST = new BpftraceLaunch() {
        @Override
        public Optional<String> missingPrerequisite(String bpftrace) {
            return EbpfPreflight.check(bpftrace);
        }

        @Override
        public BpftraceProcess start(String bpftrace, List<String> args, Map<String, String> env) throws IOException {
            return BpftraceProcess.start(bpftrace, args, env);
        }

        @Override
        public void bootstrap(RecordPipeline records) {
            records.bootstrap();
        }
    };

    /** The sentence saying which prerequisite of running {@code bpftrace} is missing and how to fix it, or empty. */
    Optional<String> missingPrerequisite(String bpftrace);

    /** Starts {@code bpftrace} with {@code args}, {@code env} added to the environment ({@link BpftraceProcess#start}). */
    BpftraceProcess start(String bpftrace, List<String> args, Map<String, String> env) throws IOException;

    /** Hands {@code records} the host's accounts and running processes, once the probes are attached. */
    void bootstrap(RecordPipeline records);
}
