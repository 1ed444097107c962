package dev.kestrel.core.event.jsonl;

import dev.kestrel.core.event.Errno;
import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventParam;
import dev.kestrel.core.event.EventType;
import dev.kestrel.core.event.ParamKind;
import java.util.ArrayList;
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
final class StreamingLineDecoder {

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
            NAMES[t.ordinal()] = t.params().stream().map(p -> p.name().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .toArray(byte[][]::new);
        }
    }

    private final StringCache strings = new StringCache();
    private final int maxStringBytes;
    private long cutStrings;

    private byte[] b;
    private int p;
    private int end;
    private long number;
    private int strStart;
    private int strEnd;

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
        this.b = bytes;
        this.p = s + 1;
        this.end = e;
        try {
            return syscall(into, lastTimestamp);
        } finally {
            this.b = null;
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
        if (p < end && b[p] == '}') {
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
            if (p >= end || b[p] != ':') {
                return PASS;
            }
            p++;
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
                    if (!skipArgs()) {
                        return PASS;
                    }
                }
            }
            blanks();
            if (p >= end) {
                return PASS;
            }
            byte c = b[p++];
            if (c == '}') {
                break;
            }
            if (c != ',') {
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

    /** The top-level key in {@link #strStart}..{@link #strEnd} as one of the {@code K_} bits, or 0 for another. */
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
        if (p < end && b[p] == '"') {
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

    /** Checks the shape of the args object (an object of plain keys) without decoding its values. */
    private boolean skipArgs() {
        if (p >= end || b[p] != '{') {
            return false;
        }
        p++;
        blanks();
        if (p < end && b[p] == '}') {
            p++;
            return true;
        }
        while (true) {
            blanks();
            if (!plainString()) {
                return false;
            }
            blanks();
            if (p >= end || b[p] != ':') {
                return false;
            }
            p++;
            blanks();
            if (!skipValue()) {
                return false;
            }
            blanks();
            if (p >= end) {
                return false;
            }
            byte c = b[p++];
            if (c == '}') {
                return true;
            }
            if (c != ',') {
                return false;
            }
        }
    }

    /** Passes over one value this decoder can take in args: a string, integer, true, false, null or an array of strings and integers. */
    private boolean skipValue() {
        if (p >= end) {
            return false;
        }
        byte c = b[p];
        if (c == '"') {
            return plainString();
        }
        if (c == '[') {
            p++;
            blanks();
            if (p < end && b[p] == ']') {
                p++;
                return true;
            }
            while (true) {
                blanks();
                if (p >= end) {
                    return false;
                }
                if (b[p] == '"' ? !plainString() : !skipInteger()) {
                    return false;
                }
                blanks();
                if (p >= end) {
                    return false;
                }
                byte d = b[p++];
                if (d == ']') {
                    return true;
                }
                if (d != ',') {
                    return false;
                }
            }
        }
        if (c == 't') {
            return word("true");
        }
        if (c == 'f') {
            return word("false");
        }
        if (c == 'n') {
            return word("null");
        }
        return skipInteger();
    }

    /** Passes over what {@link #integer} would read, computing the value only when it might not fit in a long. */
    private boolean skipInteger() {
        int i = p;
        if (i < end && b[i] == '-') {
            i++;
        }
        int digitsAt = i;
        while (i < end && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        int digits = i - digitsAt;
        if (digits == 0 || (i < end && (b[i] == '.' || b[i] == 'e' || b[i] == 'E' || b[i] == '+' || b[i] == '-'))) {
            return false;
        }
        if (digits >= 19 && !decimal(p, i)) {
            return false;
        }
        p = i;
        return true;
    }

    /** Decodes the args object (already checked by {@link #skipArgs}) into {@code into}. */
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
            if (next < names.length && java.util.Arrays.equals(names[next], 0, names[next].length, b, strStart, strEnd)) {
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
        byte c = b[p];
        if (c == 'n') {
            p += 4;
            return true;
        }
        if (c == 't' || c == 'f') {
            if (kind == ParamKind.LIST) {
                return false;
            }
            into.setNumber(slot, c == 't' ? 1 : 0);
            p += c == 't' ? 4 : 5;
            return true;
        }
        if (kind == ParamKind.LIST) {
            return c == '[' && list(into, slot);
        }
        if (c == '"') {
            plainString();
            return textParam(into, param, slot, kind);
        }
        if (c == '[' || !integer()) {
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

    /**
     * Reads a string without escapes or control characters at {@link #p}, leaving its content in
     * {@link #strStart}..{@link #strEnd}; false for anything else.
     */
    private boolean plainString() {
        if (p >= end || b[p] != '"') {
            return false;
        }
        int i = p + 1;
        while (i < end) {
            byte c = b[i];
            if (c == '"') {
                strStart = p + 1;
                strEnd = i;
                p = i + 1;
                return true;
            }
            if (c == '\\' || (c >= 0 && c < 0x20)) {
                return false;
            }
            i++;
        }
        return false;
    }

    /**
     * Reads an integer at {@link #p} into {@link #number} as the plain decoder reads it; false for a
     * fraction, an exponent, a number beyond 64 bits or no digits (the plain decoder explains those).
     */
    private boolean integer() {
        int start = p;
        if (!skipInteger()) {
            return false;
        }
        return decimal(start, p);
    }

    /**
     * Reads {@code b[from, to)}, an optional minus and 1 to 19 digits, into {@link #number}; false
     * when it does not fit in a long (the plain decoder explains that).
     */
    private boolean decimal(int from, int to) {
        int i = from;
        boolean negative = i < to && b[i] == '-';
        if (negative) {
            i++;
        }
        int digits = to - i;
        if (digits < 1 || digits > 19) {
            return false;
        }
        if (digits < 19) {
            long v = 0;
            for (; i < to; i++) {
                int d = b[i] - '0';
                if (d < 0 || d > 9) {
                    return false;
                }
                v = v * 10 + d;
            }
            number = negative ? -v : v;
            return true;
        }
        long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
        long multmin = limit / 10;
        long v = 0;
        for (; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9 || v < multmin) {
                return false;
            }
            v *= 10;
            if (v < limit + d) {
                return false;
            }
            v -= d;
        }
        number = negative ? v : -v;
        return true;
    }

    private boolean word(String w) {
        int n = w.length();
        if (end - p < n) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            if (b[p + k] != w.charAt(k)) {
                return false;
            }
        }
        p += n;
        return true;
    }

    private void blanks() {
        while (p < end) {
            byte c = b[p];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            p++;
        }
    }
}
