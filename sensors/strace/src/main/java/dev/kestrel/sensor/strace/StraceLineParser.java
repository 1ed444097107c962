package dev.kestrel.sensor.strace;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses one line of {@code strace -f -ttt -yy} output. Accepted prefixes: none (the traced command
 * before it forked), {@code [pid N] } (output on stderr) or {@code N } (output with {@code -o FILE}),
 * then an epoch timestamp {@code seconds.micros}, then one of
 * <pre>
 *   name(args) = result            a finished call
 *   name(args &lt;unfinished ...&gt;     the first half of a call
 *   name(args &lt;pid changed to N ...&gt;   the same, for an execve finishing under pid N
 *   &lt;... name resumed&gt;rest) = result   the second half
 *   +++ exited with N +++ | +++ killed by SIG [(core dumped)] +++
 *   --- SIGNAL {siginfo} --- | --- stopped by SIGNAL ---
 * </pre>
 * Never throws: anything else comes back as {@link ParsedLine.Garbage} with a reason.
 */
final class StraceLineParser {

    private static final String UNFINISHED = "<unfinished ...>";
    private static final String RESUMED = " resumed>";
    private static final String PID_CHANGED = " <pid changed to ";

    private final long defaultPid;

    /** @param defaultPid the pid for lines strace printed without a pid prefix (the first process) */
    StraceLineParser(long defaultPid) {
        this.defaultPid = defaultPid;
    }

    ParsedLine parse(String line) {
        if (line == null || line.isBlank()) {
            return new ParsedLine.Garbage("blank line", null);
        }
        if (line.startsWith("strace: ")) {
            return new ParsedLine.Message(line.substring(8));
        }
        int pos = 0;
        long pid = defaultPid;
        if (line.startsWith("[pid ")) {
            int close = line.indexOf(']');
            if (close < 0) {
                return new ParsedLine.Garbage("bad pid prefix", null);
            }
            pid = parseLong(line.substring(5, close).trim());
            pos = close + 1;
        } else {
            int space = line.indexOf(' ');
            if (space > 0 && isDigits(line, 0, space)) {
                pid = parseLong(line.substring(0, space));
                pos = space;
            }
        }
        if (pid == Long.MIN_VALUE) {
            return new ParsedLine.Garbage("bad pid prefix", null);
        }
        pos = skipSpaces(line, pos);
        int tsEnd = line.indexOf(' ', pos);
        long time = tsEnd < 0 ? -1 : parseTimestamp(line, pos, tsEnd);
        if (time < 0) {
            return new ParsedLine.Garbage("no timestamp", null);
        }
        String body = line.substring(skipSpaces(line, tsEnd));
        if (body.startsWith("+++ ")) {
            return exit(pid, time, body);
        }
        if (body.startsWith("--- ")) {
            return signal(pid, time, body);
        }
        if (body.startsWith("<... ")) {
            int r = body.indexOf(RESUMED);
            if (r < 0) {
                return new ParsedLine.Garbage("bad resumed line", null);
            }
            return new ParsedLine.Resumed(pid, time, body.substring(5, r), body.substring(r + RESUMED.length()));
        }
        int paren = body.indexOf('(');
        if (paren <= 0 || !isName(body, paren)) {
            return new ParsedLine.Garbage("not a system call", null);
        }
        String name = body.substring(0, paren);
        String rest = body.substring(paren + 1);
        String trimmed = rest.stripTrailing();
        if (trimmed.endsWith(UNFINISHED)) {
            return new ParsedLine.Unfinished(pid, time, name,
                    trimmed.substring(0, trimmed.length() - UNFINISHED.length()));
        }
        // Only a call whose arguments never close (no top-level ")"): a quoted path may hold the same words.
        int changed = trimmed.endsWith(" ...>") && ArgumentSplitter.split(rest, new ArrayList<>()) < 0
                ? trimmed.lastIndexOf(PID_CHANGED) : -1;
        if (changed >= 0) {
            // An execve by a non-leader thread: it resumes under the leader's pid (see Superseded).
            return new ParsedLine.Unfinished(pid, time, name, trimmed.substring(0, changed + 1));
        }
        return call(pid, time, name, rest);
    }

    /**
     * Parses {@code args) = result} of call {@code name}: the text after the opening parenthesis.
     * Also used for joined unfinished/resumed pairs.
     */
    ParsedLine call(long pid, long time, String name, String afterParen) {
        List<String> args = new ArrayList<>();
        int end = ArgumentSplitter.split(afterParen, args);
        if (end < 0) {
            return new ParsedLine.Garbage("unbalanced arguments", name);
        }
        int eq = skipSpaces(afterParen, end + 1);
        if (eq >= afterParen.length() || afterParen.charAt(eq) != '=') {
            return new ParsedLine.Garbage("no result", name);
        }
        String result = afterParen.substring(eq + 1).trim();
        return result(pid, time, name, args, result);
    }

    private static ParsedLine result(long pid, long time, String name, List<String> args, String result) {
        if (result.isEmpty()) {
            return new ParsedLine.Garbage("no result", name);
        }
        if (result.startsWith("?")) {
            String errno = errnoAfter(result, 1);
            return new ParsedLine.Whole(new SyscallRecord(pid, time, name, args, false, 0, errno, null));
        }
        int i = 0;
        if (result.charAt(0) == '-') {
            i++;
        }
        while (i < result.length() && isNumberChar(result.charAt(i))) {
            i++;
        }
        long value = parseNumber(result.substring(0, i));
        if (value == Long.MIN_VALUE) {
            return new ParsedLine.Garbage("bad result", name);
        }
        String annotation = null;
        if (i < result.length() && result.charAt(i) == '<') {
            int close = ArgumentSplitter.matchingAngle(result, i);
            if (close < 0) {
                return new ParsedLine.Garbage("bad result", name);
            }
            annotation = result.substring(i + 1, close);
            i = close + 1;
        }
        String errno = value < 0 ? errnoAfter(result, i) : null;
        return new ParsedLine.Whole(new SyscallRecord(pid, time, name, args, true, value, errno, annotation));
    }

    /** The error name (an upper-case word starting with E) after position {@code from}, or null. */
    private static String errnoAfter(String result, int from) {
        int s = skipSpaces(result, from);
        int e = s;
        while (e < result.length() && (Character.isUpperCase(result.charAt(e)) || Character.isDigit(result.charAt(e)))) {
            e++;
        }
        return e > s + 1 && result.charAt(s) == 'E' ? result.substring(s, e) : null;
    }

    private static ParsedLine exit(long pid, long time, String body) {
        if (!body.endsWith(" +++")) {
            return new ParsedLine.Garbage("bad exit line", null);
        }
        String what = body.substring(4, body.length() - 4).trim();
        if (what.startsWith("exited with ")) {
            long status = parseLong(what.substring(12).trim());
            if (status == Long.MIN_VALUE) {
                return new ParsedLine.Garbage("bad exit line", null);
            }
            return new ParsedLine.Whole(new ExitRecord(pid, time, (int) status, null, false));
        }
        if (what.startsWith("superseded by execve in pid ")) {
            long former = parseLong(what.substring("superseded by execve in pid ".length()).trim());
            return former == Long.MIN_VALUE ? new ParsedLine.Garbage("bad exit line", null)
                    : new ParsedLine.Superseded(pid, former);
        }
        if (what.startsWith("killed by ")) {
            String rest = what.substring(10).trim();
            boolean core = rest.endsWith("(core dumped)");
            int sp = rest.indexOf(' ');
            String sig = sp < 0 ? rest : rest.substring(0, sp);
            return new ParsedLine.Whole(new ExitRecord(pid, time, -1, sig, core));
        }
        return new ParsedLine.Garbage("bad exit line", null);
    }

    private static ParsedLine signal(long pid, long time, String body) {
        if (!body.endsWith(" ---")) {
            return new ParsedLine.Garbage("bad signal line", null);
        }
        String what = body.substring(4, body.length() - 4).trim();
        if (what.startsWith("stopped by ")) {
            return new ParsedLine.Whole(new SignalRecord(pid, time, what.substring(11).trim(), "stopped"));
        }
        int sp = what.indexOf(' ');
        String sig = sp < 0 ? what : what.substring(0, sp);
        if (!sig.startsWith("SIG")) {
            return new ParsedLine.Garbage("bad signal line", null);
        }
        return new ParsedLine.Whole(new SignalRecord(pid, time, sig, sp < 0 ? "" : what.substring(sp + 1).trim()));
    }

    /** Parses {@code seconds.micros} into epoch nanoseconds, or -1. */
    private static long parseTimestamp(String s, int from, int to) {
        int dot = s.indexOf('.', from);
        // at most 10 digits of seconds (until the year 2286), so the nanoseconds fit in a long
        if (dot < 0 || dot >= to || dot - from > 10 || !isDigits(s, from, dot) || !isDigits(s, dot + 1, to) || to - dot - 1 > 9) {
            return -1;
        }
        long seconds = Long.parseLong(s.substring(from, dot));
        if (seconds > Long.MAX_VALUE / 1_000_000_000L - 1) {
            return -1;
        }
        String frac = s.substring(dot + 1, to);
        long nanos = Long.parseLong(frac);
        for (int i = frac.length(); i < 9; i++) {
            nanos *= 10;
        }
        return seconds * 1_000_000_000L + nanos;
    }

    private static boolean isName(String s, int end) {
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '?')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigits(String s, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isNumberChar(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == 'x';
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return Long.MIN_VALUE;
        }
    }

    /** Decimal or {@code 0x} hexadecimal (possibly negative); Long.MIN_VALUE when neither. */
    static long parseNumber(String s) {
        try {
            boolean negative = s.startsWith("-");
            String digits = negative ? s.substring(1) : s;
            long v = digits.startsWith("0x") ? Long.parseUnsignedLong(digits.substring(2), 16) : Long.parseLong(digits);
            return negative ? -v : v;
        } catch (NumberFormatException e) {
            return Long.MIN_VALUE;
        }
    }
}
