package dev.kestrel.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kestrel.core.event.Event;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AbstractEventSourceTest {

    /** Delivers events until stopped; counts one unparsed and one skipped input on the way. */
    static final class Endless extends AbstractEventSource {
        final CountDownLatch running = new CountDownLatch(1);
        final AtomicInteger released = new AtomicInteger();

        Endless() {
            super("endless");
        }

        @Override
        protected void read(EventSink sink) throws InterruptedException {
            unparsed("garbage");
            skipped("not mapped: mprotect");
            Event e = new Event();
            while (!stopping()) {
                sink.accept(e);
                delivered();
                running.countDown();
                Thread.sleep(1);
            }
        }

        @Override
        protected void release() {
            released.incrementAndGet();
        }
    }

    @Test
    void stopEndsTheReadingLoopReleasesTheInputAndKeepsTheCounts() throws Exception {
        Endless source = new Endless();
        AtomicInteger seen = new AtomicInteger();
        source.start(e -> seen.incrementAndGet());
        assertThat(source.running.await(10, TimeUnit.SECONDS)).isTrue();
        source.stop();
        assertThat(source.await(Duration.ZERO)).isTrue();
        assertThat(source.released).hasValue(1);
        SourceCounters c = source.counters();
        assertThat(c.events()).isEqualTo(seen.get()).isPositive();
        assertThat(c.unparsed()).containsEntry("garbage", 1L);
        assertThat(c.skipped()).containsEntry("not mapped: mprotect", 1L);
        assertThat(source.name()).isEqualTo("endless");
    }

    @Test
    void aFailureInsideTheLoopEndsTheStreamAsACountedReadError() throws Exception {
        AbstractEventSource failing = new AbstractEventSource("failing") {
            @Override
            protected void read(EventSink sink) {
                throw new IllegalStateException("device vanished");
            }
        };
        failing.start(e -> { });
        assertThat(failing.await(Duration.ofSeconds(10))).isTrue();
        assertThat(failing.counters().unparsed()).containsEntry("read error: device vanished", 1L);
    }

    /** Reasons may quote what arrived: however many different ones, and however long, the counts stay bounded. */
    @Test
    void reasonsAreBoundedInNumberAndLengthAndEveryPieceIsStillCounted() throws Exception {
        AbstractEventSource hostile = new AbstractEventSource("hostile") {
            @Override
            protected void read(EventSink sink) {
                for (int i = 0; i < 10_000; i++) {
                    unparsed("line " + i + " is not JSON");
                }
                skipped("x".repeat(100_000));
            }
        };
        hostile.start(e -> { });
        assertThat(hostile.await(Duration.ofSeconds(10))).isTrue();
        SourceCounters c = hostile.counters();

        assertThat(c.unparsed()).hasSize(AbstractEventSource.MAX_REASONS + 1)
                .containsEntry(AbstractEventSource.OTHER_REASONS, 10_000L - AbstractEventSource.MAX_REASONS);
        assertThat(c.unparsed().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(10_000L);
        assertThat(c.skipped()).hasSize(1);
        assertThat(c.skipped().keySet().iterator().next()).hasSize(AbstractEventSource.MAX_REASON_CHARS + "...(cut)".length());
        assertThat(c.skipped().values()).containsExactly(1L);
    }

    @Test
    void aSecondStartIsRefused() throws Exception {
        Endless source = new Endless();
        source.start(e -> { });
        assertThatThrownBy(() -> source.start(e -> { })).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already started");
        source.stop();
    }

    /** A source over a file whose opening and closing fail as {@code opener} and {@code closing} say. */
    static final class FileBacked extends AbstractEventSource {
        private final Path file;
        private final FileOpener<Closeable> opener;
        private Closeable input;

        FileBacked(Path file, FileOpener<Closeable> opener) {
            super("file-backed");
            this.file = file;
            this.opener = opener;
        }

        @Override
        protected void open() throws EventSourceException {
            input = openFile(file, "test file", opener);
        }

        @Override
        protected void read(EventSink sink) {
        }

        @Override
        protected void release() {
            closeCounted(input);
        }
    }

    @Test
    void openFileSaysWhichFileIsMissingOrUnreadable() {
        Path missing = Path.of("/no/such/dir/input.bin");
        assertThatThrownBy(() -> new FileBacked(missing, Files::newInputStream).start(e -> { }))
                .isInstanceOf(EventSourceException.class)
                .hasMessage("no such test file: /no/such/dir/input.bin");
        assertThatThrownBy(() -> new FileBacked(missing, f -> {
            throw new IOException("Permission denied");
        }).start(e -> { }))
                .isInstanceOf(EventSourceException.class)
                .hasMessage("cannot read test file /no/such/dir/input.bin: Permission denied");
    }

    @Test
    void aFailedCloseIsCountedAsUnparsedInput() throws Exception {
        FileBacked source = new FileBacked(Path.of("in"), f -> () -> {
            throw new IOException("device gone");
        });
        source.start(e -> { });
        assertThat(source.await(Duration.ofSeconds(30))).isTrue();
        assertThat(source.counters().unparsed()).containsExactly(Map.entry("close error: device gone", 1L));
    }
}
