package dev.kestrel.core.event.jsonl;

import dev.kestrel.core.event.Errno;
import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventParam;
import dev.kestrel.core.event.EventType;
import dev.kestrel.core.event.ParamKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes a syscall event line straight from its UTF-8 bytes into a reused {@link Event}: no string
 * per line, no map per object, no boxing; repeated strings come from a {@link StringCache}. It takes
 * the common, well-formed shape only ({@code ts}, {@code type}, {@code tid}, {@code pid}, {@code ret},
 * {@code args} with plain values) and answers {@link #PASS} for anything else (records, field-value
 * lines, escapes in names, floats, any error), which {@link MapLineDecoder} then decodes, so both
 * give the same events and the same reasons. Not thread-safe: one per reader.
 */
final class StreamingLineDecoder extends JsonByteScanner {

    /** The line is not one this decoder takes; the event may be half filled. */
    static final int PASS = 0;
    /** The event is filled. */
    static final int PARSED = 1;
    /** A blank or comment line. */
    static final int IGNORED = 2;

    private static final int K_TS = 1;
    private static final int K_TYPE = 2;
    private static final int K_TID = 4;
    private static final int K_PID = 8;
    private static final int K_RET = 16;
    private static final int K_ARGS = 32;

    private static final ByteKeys<EventType> TYPES;
    @SuppressWarnings("unchecked")
    private static final ByteKeys<EventParam>[] PARAMS = new ByteKeys[EventType.values().length];
    /** The UTF-8 names of each type's parameters in slot order, tried first: producers write them in that order. */
    private static final byte[][][] NAMES = new byte[EventType.values().length][][];

    static {
        Map<String, EventType> types = new HashMap<>();
        for (String name : EventType.names()) {
            types.put(name, EventType.fromName(name));
        }
        TYPES = new ByteKeys<>(types);
        for (EventType t : EventType.values()) {
            Map<String, EventParam> byName = new HashMap<>();
            for (EventParam p : t.params()) {
                byName.put(p.name(), p);
            }
            PARAMS[t.ordinal()] = new ByteKeys<>(byName);
            NAMES[t.ordinal()] = t.params().stream().map(p -> p.name().getBytes(StandardCharsets.UTF_8))
                    .toArray(byte[][]::new);
        }
    }

    private final StringCache strings = new StringCache();
    private final int maxStringBytes;
    private long cutStrings;

    StreamingLineDecoder(int maxStringBytes) {
        this.maxStringBytes = maxStringBytes;
    }

    /** How many string parameters were cut so far. */
    long cutStrings() {
        return cutStrings;
    }

    /**
     * Decodes the valid UTF-8 line {@code bytes[start, stop)} into {@code into}; a line without
     * {@code "ts"} gets {@code lastTimestamp}. Answers {@link #PARSED}, {@link #IGNORED} or {@link #PASS}.
     */
    int decode(byte[] bytes, int start, int stop, Event into, long lastTimestamp) {
        int s = start;
        int e = stop;
        while (s < e && blankAtEnds(bytes[s])) {
            s++;
        }
        while (e > s && blankAtEnds(bytes[e - 1])) {
            e--;
        }
        if (s == e || bytes[s] == '#') {
            return IGNORED;
        }
        if (bytes[s] != '{') {
            return PASS;
        }
        reset(bytes, s + 1, e);
        try {
            return syscall(into, lastTimestamp);
        } finally {
            reset(null, 0, 0);
        }
    }

    /** The characters {@link String#strip} removes that are ASCII. */
    private static boolean blankAtEnds(byte c) {
        return c == ' ' || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F);
    }

    private int syscall(Event into, long lastTimestamp) {
        int seen = 0;
        long ts = lastTimestamp;
        EventType type = null;
        long tid = 0;
        long pid = 0;
        long ret = 0;
        int argsAt = -1;
        blanks();
        if (at('}')) {
            return PASS;
        }
        while (true) {
            blanks();
            if (!plainString()) {
                return PASS;
            }
            int key = topKey();
            if (key == 0 || (seen & key) != 0) {
                return PASS;
            }
            seen |= key;
            blanks();
            if (!expect(':')) {
                return PASS;
            }
            blanks();
            switch (key) {
                case K_TS, K_TID, K_PID -> {
                    if (!integer()) {
                        return PASS;
                    }
                    if (key == K_TS) {
                        ts = number;
                    } else if (key == K_TID) {
                        tid = number;
                    } else {
                        pid = number;
                    }
                }
                case K_TYPE -> {
                    if (!plainString()) {
                        return PASS;
                    }
                    type = TYPES.get(b, strStart, strEnd);
                    if (type == null) {
                        return PASS;
                    }
                }
                case K_RET -> {
                    if (!returnValue()) {
                        return PASS;
                    }
                    ret = number;
                }
                default -> {
                    argsAt = p;
                    if (!skipObject()) {
                        return PASS;
                    }
                }
            }
            blanks();
            if (p >= end) {
                return PASS;
            }
            byte next = b[p++];
            if (next == '}') {
                break;
            }
            if (next != ',') {
                return PASS;
            }
        }
        blanks();
        if (p != end || type == null || (seen & K_TID) == 0) {
            return PASS;
        }
        into.reset(type, ts, tid, (seen & K_PID) != 0 ? pid : tid, ret);
        if (argsAt >= 0) {
            p = argsAt;
            return args(into, type) ? PARSED : PASS;
        }
        return PARSED;
    }

    /** The top-level key in the last string read as one of the {@code K_} bits, or 0 for another. */
    private int topKey() {
        int s = strStart;
        switch (strEnd - s) {
            case 2:
                return b[s] == 't' && b[s + 1] == 's' ? K_TS : 0;
            case 3:
                if (b[s + 1] == 'i' && b[s + 2] == 'd') {
                    return b[s] == 't' ? K_TID : b[s] == 'p' ? K_PID : 0;
                }
                return b[s] == 'r' && b[s + 1] == 'e' && b[s + 2] == 't' ? K_RET : 0;
            case 4:
                if (b[s] == 't' && b[s + 1] == 'y' && b[s + 2] == 'p' && b[s + 3] == 'e') {
                    return K_TYPE;
                }
                return b[s] == 'a' && b[s + 1] == 'r' && b[s + 2] == 'g' && b[s + 3] == 's' ? K_ARGS : 0;
            default:
                return 0;
        }
    }

    /** A return value: an integer, or a string holding an errno name or an integer. */
    private boolean returnValue() {
        if (at('"')) {
            if (!plainString()) {
                return false;
            }
            String s = strings.string(b, strStart, strEnd);
            int code = Errno.code(s);
            if (code > 0) {
                number = -code;
                return true;
            }
            return decimal(strStart, strEnd);
        }
        return integer();
    }

    /** Decodes the args object (already checked by {@link #skipObject}) into {@code into}. */
    private boolean args(Event into, EventType type) {
        ByteKeys<EventParam> params = PARAMS[type.ordinal()];
        byte[][] names = NAMES[type.ordinal()];
        List<EventParam> list = type.params();
        int next = 0;
        int seen = 0;
        p++;
        blanks();
        if (b[p] == '}') {
            return true;
        }
        while (true) {
            blanks();
            plainString();
            EventParam param;
            if (next < names.length && Arrays.equals(names[next], 0, names[next].length, b, strStart, strEnd)) {
                param = list.get(next);
            } else {
                param = params.get(b, strStart, strEnd);
            }
            if (param == null || (seen & (1 << param.slot())) != 0) {
                return false;
            }
            seen |= 1 << param.slot();
            next = param.slot() + 1;
            blanks();
            p++;
            blanks();
            if (!param(into, param)) {
                return false;
            }
            blanks();
            if (b[p++] == '}') {
                return true;
            }
        }
    }

    private boolean param(Event into, EventParam param) {
        int slot = param.slot();
        ParamKind kind = param.kind();
        byte first = b[p];
        if (first == 'n') {
            p += 4;
            return true;
        }
        if (first == 't' || first == 'f') {
            if (kind == ParamKind.LIST) {
                return false;
            }
            into.setNumber(slot, first == 't' ? 1 : 0);
            p += first == 't' ? 4 : 5;
            return true;
        }
        if (kind == ParamKind.LIST) {
            return first == '[' && list(into, slot);
        }
        if (first == '"') {
            plainString();
            return textParam(into, param, slot, kind);
        }
        if (first == '[' || !integer()) {
            return false;
        }
        if (kind.numeric()) {
            into.setNumber(slot, number);
        } else {
            into.setText(slot, Long.toString(number));
        }
        return true;
    }

    private boolean textParam(Event into, EventParam param, int slot, ParamKind kind) {
        if (kind == ParamKind.FLAGS || !kind.numeric()) {
            int stop = ParamText.cutEnd(b, strStart, strEnd, maxStringBytes);
            if (stop != strEnd) {
                into.markCut(slot);
                cutStrings++;
            }
            int cached = strings.slot(b, strStart, stop);
            if (kind == ParamKind.FLAGS && param.flags() != null && cached >= 0) {
                long value = strings.flags(cached, param.flags());
                if (!strings.flagNamesKnown(cached)) {
                    return false;
                }
                into.setFlags(slot, strings.value(cached), value);
                return true;
            }
            String text = cached >= 0 ? strings.value(cached) : strings.string(b, strStart, stop);
            if (kind == ParamKind.FLAGS && param.flags() != null && !FlagNames.allKnown(param.flags(), text)) {
                return false;
            }
            into.setText(slot, text);
            return true;
        }
        String s = strings.string(b, strStart, strEnd);
        if (kind == ParamKind.ERRNO && Errno.code(s) > 0) {
            into.setNumber(slot, -Errno.code(s));
            return true;
        }
        try {
            into.setNumber(slot, ParamText.number(kind, s));
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private boolean list(Event into, int slot) {
        List<String> items = new ArrayList<>();
        p++;
        blanks();
        if (b[p] == ']') {
            p++;
            into.setList(slot, items);
            return true;
        }
        while (true) {
            blanks();
            if (b[p] == '"') {
                plainString();
                int stop = ParamText.cutEnd(b, strStart, strEnd, maxStringBytes);
                if (stop != strEnd) {
                    into.markCut(slot);
                    cutStrings++;
                }
                items.add(strings.string(b, strStart, stop));
            } else {
                integer();
                items.add(Long.toString(number));
            }
            blanks();
            if (b[p++] == ']') {
                into.setList(slot, items);
                return true;
            }
        }
    }
}
