package dev.kestrel.engine.sink;

import java.util.Map;

/** Reads the options the built-in sink providers share. */
final class SinkOptions {

    private SinkOptions() {
    }

    static AlertLineFormat format(Map<String, String> options) {
        String text = options.getOrDefault("format", "text");
        AlertLineFormat format = AlertLineFormat.parse(text);
        if (format == null) {
            throw new IllegalArgumentException("sink option 'format' must be 'text' or 'json', was '" + text + "'");
        }
        return format;
    }
}
