package dev.kestrel.sensor.ebpf;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread reading bpftrace's output into a {@link RecordPipeline}: its records, its attach message
 * (then the /proc bootstrap), its lost-event counts and its other lines. An internal error ends it with
 * one sentence ({@link #failure()}), the stack trace only in the debug log. Started once; queried from any thread.
 */
final class OutputReader {

    private static final Logger LOG = LoggerFactory.getLogger(OutputReader.class);

    private final CountDownLatch attached = new CountDownLatch(1);
    private final CountDownLatch done = new CountDownLatch(1);
    private final AtomicLong lost = new AtomicLong();
    private volatile boolean started;
    private volatile int probes;
    private volatile String failure;
    private volatile long cpuNanos;
    private volatile BpftraceOutput output;

    /**
     * Starts the thread reading {@code in} (lines carrying {@code token}) into {@code records}; at the attach
     * message {@code launch} bootstraps them. {@code stopping}: whether an end of the output is expected.
     */
    void start(InputStream in, String token, RecordPipeline records, BpftraceLaunch launch, BpftraceMessages messages,
               BooleanSupplier stopping) {
        Thread reader = new Thread(() -> read(in, token, records, launch, messages, stopping), "kestrel-ebpf-reader");
        reader.setDaemon(true);
        started = true;
        reader.start();
    }

    private void read(InputStream in, String token, RecordPipeline records, BpftraceLaunch launch, BpftraceMessages messages,
                      BooleanSupplier stopping) {
        long before = RecordPipeline.threadCpu();
        BpftraceOutput out = new BpftraceOutput(in, token, new BpftraceOutput.Handler() {
            @Override
            public void record(byte[] bytes, int from, int to) {
                records.line(bytes, from, to);
            }

            @Override
            public void attached(int count) {
                probes = count;
                launch.bootstrap(records);
                attached.countDown();
            }

            @Override
            public void lost(long count) {
                lost.addAndGet(Math.max(0, count));
            }

            @Override
            public void other(String line) {
                messages.add(line);
            }
        });
        output = out;
        try {
            out.readAll();
        } catch (IOException e) {
            if (!stopping.getAsBoolean()) {
                LOG.warn("reading bpftrace's output failed: {}", e.toString());
            }
        } catch (RuntimeException | Error e) {
            fail(e);
        } finally {
            try {
                records.finish();
            } catch (RuntimeException | Error e) {
                fail(e);
            }
            cpuNanos = RecordPipeline.threadCpu() - before;
            done.countDown();
            if (!stopping.getAsBoolean()) {
                LOG.warn("{}", failure != null ? failure : "bpftrace ended on its own" + messages.tail());
            }
        }
    }

    /** Records an internal error as the failure (the first one) and wakes a start waiting for the attach. */
    private void fail(Throwable e) {
        LOG.debug("the eBPF sensor's reading thread failed", e);
        if (failure == null) {
            failure = "the eBPF sensor stopped reading bpftrace's output after an internal error (" + e
                    + "; please report this)";
        }
        attached.countDown();
    }

    /** Whether {@link #start} was called. */
    boolean started() {
        return started;
    }

    /** Waits up to {@code millis} for the attach message (or a failure); whether it came. */
    boolean awaitAttached(long millis) throws InterruptedException {
        return attached.await(millis, TimeUnit.MILLISECONDS);
    }

    /** Whether the attach message came (or the reader failed). */
    boolean attached() {
        return attached.getCount() == 0;
    }

    /** Waits up to {@code nanos} for the output to end and the reader to hand off the rest; whether it did. */
    boolean awaitDone(long nanos) throws InterruptedException {
        return done.await(nanos, TimeUnit.NANOSECONDS);
    }

    /** Whether the output ended and the reader handed off the rest. */
    boolean done() {
        return done.getCount() == 0;
    }

    /** The probes bpftrace said it attached (0 before). */
    int probes() {
        return probes;
    }

    /** Events bpftrace reported lost (its buffer was full). */
    long lost() {
        return lost.get();
    }

    /** Lines longer than {@link BpftraceOutput#MAX_LINE_BYTES} that were dropped. */
    long cutLines() {
        BpftraceOutput o = output;
        return o == null ? 0 : o.cutLines();
    }

    /** Records without their closing token, dropped ({@link BpftraceOutput#unendedRecords()}). */
    long unendedRecords() {
        BpftraceOutput o = output;
        return o == null ? 0 : o.unendedRecords();
    }

    /** Why the reader ended on an internal error, in one sentence, or null. */
    String failure() {
        return failure;
    }

    /** CPU time the reading thread used, known once it ended (0 before). */
    long cpuNanos() {
        return cpuNanos;
    }
}
