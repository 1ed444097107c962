package dev.kestrel.engine.sink;

import dev.kestrel.core.alert.Alert;
import java.util.Locale;

/** How a stream sink writes each alert: Falco's text line or Falco's JSON alert, one per line. */
public enum AlertLineFormat {
    TEXT, JSON;

    /** The line for {@code alert}, without the newline. */
    public String line(Alert alert) {
        return this == JSON ? alert.toJson() : alert.toText();
    }

    /** Parses {@code text} or {@code json} (any case); null for anything else. */
    public static AlertLineFormat parse(String name) {
        if (name == null) {
            return null;
        }
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "text" -> TEXT;
            case "json", "jsonl", "json-lines" -> JSON;
            default -> null;
        };
    }
}
