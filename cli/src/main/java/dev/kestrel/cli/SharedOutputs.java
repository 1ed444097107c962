package dev.kestrel.cli;

import dev.kestrel.core.alert.Alert;
import dev.kestrel.core.alert.AlertSink;
import dev.kestrel.engine.config.ConfiguredOutput;
import dev.kestrel.engine.config.KestrelConfig;
import dev.kestrel.engine.config.OutputContext;
import dev.kestrel.engine.sink.CountedSink;
import dev.kestrel.engine.sink.OutputCounters;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The outputs of a config opened once and shared by several engines (the demo runs one engine per
 * scenario): each engine gets a view that does not close them; {@link #close} does, at the end.
 */
final class SharedOutputs {

    private SharedOutputs() {
    }

    /** Opens the outputs of {@code file}; null after printing why when the config is wrong or one cannot start. */
    static List<AlertSink> open(Path file, PrintStream err) {
        KestrelConfig config = KestrelConfig.read(file);
        config.warnings().forEach(d -> err.println(d.format()));
        if (!config.ok()) {
            config.errors().forEach(d -> err.println(d.format()));
            err.println("kestrel demo: the config has " + config.errors().size() + " error(s); nothing was replayed");
            return null;
        }
        List<AlertSink> opened = new ArrayList<>();
        for (ConfiguredOutput o : config.outputs()) {
            try {
                opened.add(o.open(new OutputContext(() -> null)));
            } catch (Exception e) {
                err.println("kestrel demo: the '" + o.name() + "' output could not start: " + e.getMessage());
                close(opened);
                return null;
            }
        }
        return opened;
    }

    /** A view of {@code sink} whose close does nothing. */
    static AlertSink keepOpen(AlertSink sink) {
        return new AlertSink() {
            @Override
            public String name() {
                return sink.name();
            }

            @Override
            public void accept(Alert alert) {
                sink.accept(alert);
            }
        };
    }

    /** Closes the outputs (flushing together) and returns the counters of those that keep them. */
    static List<OutputCounters> close(List<AlertSink> sinks) {
        sinks.forEach(s -> {
            if (s instanceof CountedSink c) {
                c.startClosing();
            }
        });
        List<OutputCounters> counters = new ArrayList<>();
        for (AlertSink s : sinks) {
            try {
                s.close();
            } catch (Exception e) {
                // an output that fails to close has already counted what it lost
            }
            if (s instanceof CountedSink c) {
                counters.add(c.counters());
            }
        }
        return counters;
    }
}
