package dev.kestrel.sensor.ebpf;

import dev.kestrel.core.spi.EventSourceException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where an {@link EbpfSource} is in its life: new, starting, running, stopped, changed atomically, so
 * that a source starts at most once and a stop that comes while it starts is seen by the start.
 * Thread-safe.
 */
final class SourceLifecycle {

    /** The states, in the only order they are taken (a source may go to stopped from any of them). */
    enum State { NEW, STARTING, RUNNING, STOPPED }

    /** Why a start gave up when a stop came while it started. */
    static final String STOPPED_WHILE_STARTING = "the eBPF source was stopped while it was starting, so it did not start"
            + " (no bpftrace was left running)";

    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final CountDownLatch startSettled = new CountDownLatch(1);
    /** A start began (it may have failed since, which also stops the source). */
    private volatile boolean startBegan;

    /** The state now. */
    State state() {
        return state.get();
    }

    /**
     * Goes from new to starting.
     *
     * @throws IllegalStateException when the source was started before (whether that start succeeded or not)
     * @throws EventSourceException when it was stopped before it was ever started
     */
    void beginStart() throws EventSourceException {
        State was = state.compareAndExchange(State.NEW, State.STARTING);
        if (was == State.NEW) {
            startBegan = true;
            return;
        }
        if (was == State.STOPPED && !startBegan) {
            throw new EventSourceException("the eBPF source was stopped before it was started; create a new one to watch");
        }
        throw new IllegalStateException("this eBPF source was already started; an eBPF source starts once");
    }

    /** @throws EventSourceException when a stop came while starting ({@link #STOPPED_WHILE_STARTING}) */
    void refuseIfStopped() throws EventSourceException {
        if (state.get() == State.STOPPED) {
            throw new EventSourceException(STOPPED_WHILE_STARTING);
        }
    }

    /**
     * Goes from starting to running.
     *
     * @throws EventSourceException when a stop came while starting
     */
    void running() throws EventSourceException {
        if (!state.compareAndSet(State.STARTING, State.RUNNING)) {
            throw new EventSourceException(STOPPED_WHILE_STARTING);
        }
    }

    /** Goes to stopped from any state; the state it was in. */
    State stop() {
        return state.getAndSet(State.STOPPED);
    }

    /** The start returned or threw, and left nothing running if it threw. */
    void startSettled() {
        startSettled.countDown();
    }

    /** Waits up to {@code timeout} for a start under way to return or throw; whether it did. */
    boolean awaitStartSettled(Duration timeout) throws InterruptedException {
        return startSettled.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
