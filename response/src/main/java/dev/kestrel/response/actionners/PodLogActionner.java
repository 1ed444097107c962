package dev.kestrel.response.actionners;

import dev.kestrel.core.alert.Alert;
import dev.kestrel.response.ActionOutcome;
import dev.kestrel.response.ActionParameters;
import dev.kestrel.response.ActionRequest;
import dev.kestrel.response.Actionner;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code kubernetes:log}: fetches the last {@code tail_lines} (default 1,000, as in Talon) lines of
 * the alert's container ({@code container.name} first, then the pod's other containers until one has
 * output) into the action record, at most {@code 64 KiB} of UTF-8 (a longer log keeps its last whole
 * lines within that, and the record's message says it was cut). The API server is asked for at most
 * {@link #READ_LIMIT} bytes ({@code limitBytes}) and no more than that is read even when it sends
 * more; an answer cut there keeps the last whole lines of what was read, and the message says the
 * answer reached the read limit. Stateless.
 */
public final class PodLogActionner implements Actionner {

    static final String TAIL_LINES = "tail_lines";
    static final int DEFAULT_LINES = 1000;
    static final int MAX_BYTES = 64 * 1024;
    /**
     * The most of one log answer that is read: four times {@link #MAX_BYTES}, so that a tail a little
     * over the record's limit still ends at the log's end.
     */
    static final int READ_LIMIT = 4 * MAX_BYTES;

    /** What was read of one log answer: at most {@link #READ_LIMIT} bytes, and whether the answer had more. */
    record LogAnswer(byte[] bytes, boolean cut) {
        static final LogAnswer EMPTY = new LogAnswer(new byte[0], false);

        /** Reads {@code in} up to {@code limit} bytes, and one byte more to know whether it went on. */
        static LogAnswer read(InputStream in, int limit) throws IOException {
            if (in == null) {
                return EMPTY;
            }
            byte[] bytes = in.readNBytes(limit);
            return new LogAnswer(bytes, bytes.length == limit && in.read() >= 0);
        }

        /** The bytes as UTF-8 text, without a character the read limit split. */
        String text() {
            int end = bytes.length;
            if (cut) {
                int lead = end;
                while (lead > 0 && end - lead < 3 && (bytes[lead - 1] & 0xC0) == 0x80) {
                    lead--; // back over continuation bytes to the character's first byte
                }
                lead--;
                if (lead >= 0) {
                    int first = bytes[lead] & 0xFF;
                    int length = first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : first >= 0xC0 ? 2 : 1;
                    if (end - lead < length) {
                        end = lead;
                    }
                }
            }
            return new String(bytes, 0, end, StandardCharsets.UTF_8);
        }
    }

    @Override
    public String name() {
        return "kubernetes:log";
    }

    @Override
    public Set<String> parameterNames() {
        return Set.of(TAIL_LINES);
    }

    @Override
    public void checkParameters(ActionParameters p) {
        p.integer(TAIL_LINES, DEFAULT_LINES, 1, 100_000);
    }

    @Override
    public String target(Alert alert, ActionParameters parameters) {
        return KubernetesAccess.pod(alert).target();
    }

    @Override
    public String describe(ActionRequest request) {
        return "would fetch the last " + request.parameters().integer(TAIL_LINES, DEFAULT_LINES, 1, 100_000) + " log lines of "
                + request.target();
    }

    /** The end of {@code text} within {@code maxBytes} of UTF-8, starting at a line (or, for one long line, a character). */
    static String lastWholeLines(String text, int maxBytes) {
        byte[] all = text.getBytes(StandardCharsets.UTF_8);
        if (all.length <= maxBytes) {
            return text;
        }
        int from = all.length - maxBytes;
        while (from < all.length && (all[from] & 0xC0) == 0x80) {
            from++; // not inside a character
        }
        int line = from;
        while (line < all.length && all[line - 1] != '\n') {
            line++;
        }
        if (line < all.length) {
            from = line;
        }
        return new String(all, from, all.length - from, StandardCharsets.UTF_8);
    }

    @Override
    public ActionOutcome run(ActionRequest request) {
        KubernetesAccess.PodRef ref = KubernetesAccess.pod(request.alert());
        KubernetesAccess.Calls api = KubernetesAccess.calls(request.environment());
        Pod pod = KubernetesAccess.get(api, ref);
        int lines = (int) request.parameters().integer(TAIL_LINES, DEFAULT_LINES, 1, 100_000);
        List<String> containers = new ArrayList<>();
        Object wanted = request.alert().outputFields().get("container.name");
        if (pod.getSpec() != null && pod.getSpec().getContainers() != null) {
            for (Container c : pod.getSpec().getContainers()) {
                if (wanted != null && c.getName().equals(wanted.toString())) {
                    containers.add(0, c.getName());
                } else {
                    containers.add(c.getName());
                }
            }
        }
        if (containers.isEmpty()) {
            throw new IllegalStateException("the " + ref.target() + " has no container");
        }
        LogAnswer answer = LogAnswer.EMPTY;
        String from = containers.get(0);
        for (String c : containers) {
            from = c;
            String what = "read the log of " + ref.target() + " container " + c;
            answer = api.call(what, client -> {
                try (InputStream in = client.pods().inNamespace(ref.namespace()).withName(ref.name()).inContainer(c)
                        .limitBytes(READ_LIMIT).tailingLines(lines).getLogInputStream()) {
                    return LogAnswer.read(in, READ_LIMIT);
                } catch (IOException e) {
                    throw new IllegalStateException("cannot " + what + ": " + e.getMessage(), e);
                }
            });
            if (answer.bytes().length > 0) {
                break;
            }
        }
        String text = answer.text();
        String note = "";
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (answer.cut()) {
            text = lastWholeLines(text, MAX_BYTES);
            note = " (cut to " + text.getBytes(StandardCharsets.UTF_8).length + " bytes: the answer reached the read limit of "
                    + READ_LIMIT + " bytes, so these are the last lines of what was read, not necessarily of the log;"
                    + " the limit is " + MAX_BYTES + ")";
        } else if (bytes > MAX_BYTES) {
            text = lastWholeLines(text, MAX_BYTES);
            note = " (cut to its last " + text.getBytes(StandardCharsets.UTF_8).length + " bytes: the log had " + bytes
                    + " bytes, the limit is " + MAX_BYTES + ")";
        }
        return new ActionOutcome(true, "fetched " + text.lines().count() + " log line(s) of " + ref.target() + " container "
                + from + note, Map.of("pod", ref.name(), "namespace", ref.namespace(), "container", from), text);
    }
}
