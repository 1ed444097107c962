package dev.kestrel.response;

import dev.kestrel.core.json.JsonWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Appends each {@link ActionRecord} to a file as one line of JSON, flushed at once so the file is
 * the audit trail even if the process dies. Called from the responder's worker only.
 */
final class AuditLog implements AutoCloseable {

    private final Writer writer;

    AuditLog(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    void write(ActionRecord record) throws IOException {
        writer.write(json(record));
        writer.write('\n');
        writer.flush();
    }

    /** The record as one line of JSON with snake_case keys. */
    static String json(ActionRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", r.at().toString());
        m.put("status", r.status().text());
        m.put("dry_run", r.dryRun());
        m.put("rule", r.responseRule());
        m.put("action", r.action());
        m.put("actionner", r.actionner());
        m.put("target", r.target());
        m.put("message", r.message());
        if (!r.error().isEmpty()) {
            m.put("error", r.error());
        }
        if (!r.objects().isEmpty()) {
            m.put("objects", new TreeMap<>(r.objects()));
        }
        if (!r.output().isEmpty()) {
            m.put("output", r.output());
        }
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("rule", r.alertRule());
        alert.put("priority", r.alertPriority());
        alert.put("time", Instant.ofEpochSecond(0, r.alertTimeNanos()).toString());
        m.put("alert", alert);
        return JsonWriter.write(m);
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
