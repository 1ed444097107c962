package dev.kestrel.engine.sink;

import dev.kestrel.core.alert.Alert;
import dev.kestrel.core.alert.AlertSink;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** Blocks in accept until released; records whether close ever overlapped an accept. */
public final class StuckSink implements AlertSink {
    public final CountDownLatch entered = new CountDownLatch(1);
    public final CountDownLatch release = new CountDownLatch(1);
    public final AtomicInteger accepted = new AtomicInteger();
    public final AtomicBoolean inAccept = new AtomicBoolean();
    public final AtomicBoolean closedDuringAccept = new AtomicBoolean();
    public final CountDownLatch closed = new CountDownLatch(1);

    @Override
    public String name() {
        return "stuck";
    }

    @Override
    public void accept(Alert alert) {
        inAccept.set(true);
        entered.countDown();
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        accepted.incrementAndGet();
        inAccept.set(false);
    }

    @Override
    public void close() {
        if (inAccept.get()) {
            closedDuringAccept.set(true);
        }
        closed.countDown();
    }
}
