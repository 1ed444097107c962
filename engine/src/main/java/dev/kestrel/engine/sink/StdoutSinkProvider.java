package dev.kestrel.engine.sink;

import dev.kestrel.core.alert.AlertSink;
import java.util.Map;

/** {@code stdout}: alerts on standard output; option {@code format} is {@code text} (default) or {@code json}. */
public final class StdoutSinkProvider implements AlertSinkProvider {

    @Override
    public String name() {
        return "stdout";
    }

    @Override
    public AlertSink create(Map<String, String> options) {
        AlertLineFormat format = SinkOptions.format(options);
        return StreamSink.of("stdout", System.out, format);
    }
}
