package dev.kestrel.engine.index;

import dev.kestrel.core.condition.ast.Expr;
import dev.kestrel.core.condition.ast.Operand;
import dev.kestrel.core.condition.ast.Operator;
import dev.kestrel.core.condition.ast.Value;
import dev.kestrel.core.event.EventType;
import dev.kestrel.core.event.OpenPathFilter;
import dev.kestrel.core.event.ParamKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Computes which file opens the loaded rules could ever match, so a sensor can leave the rest in the
 * kernel: for each rule, a condition the opened file must meet for the rule to match (its access
 * mode and a path prefix), united over all rules. The result only ever keeps too much, never too
 * little: {@code and} intersects, {@code or} unites, a negation or a check it does not understand
 * keeps everything. Rules on calls that read a file's fd from the fd table (close, dup, fchmod...)
 * count too, since a skipped open leaves that fd unknown; so does any rule on close whatever it checks
 * (the close of a skipped open's fd is skipped too), an output printing an fd field of such a call,
 * and a field read from every fd ({@code proc.fdopencount}), which keeps everything. Thread-safe
 * (stateless); the law it must obey is OpenFilterAlertsProperties (sensors/ebpf tests).
 */
public final class OpenPathAnalysis {

    /** Calls whose fd fields come from the fd table and whose fd may be a file a skipped open returned. */
    static final Set<EventType> FD_TABLE_READERS = types("close", "dup", "dup2", "dup3", "fchmod", "fchown", "fchdir",
            "setns", "finit_module", "read", "write", "pread", "pwrite", "readv", "writev", "preadv", "pwritev",
            "sendfile", "mmap", "mmap2", "fcntl", "ioctl", "fstat", "ftruncate", "flock", "splice", "lseek",
            "llseek", "getdents", "getdents64", "fsync", "fdatasync", "fchmodat", "fchownat", "execveat");

    /** Fields whose value is a file's path (for an open: the opened path). */
    private static final Set<String> PATH_FIELDS = Set.of("fd.name", "fd.nameraw");

    private OpenPathAnalysis() {
    }

    /**
     * What one rule looks at: its condition (macros expanded) and the text of everything its alerts
     * print (output and extra output fields), which may read the fd table too.
     */
    public record RuleText(Expr condition, String output) {
        public RuleText {
            output = output == null ? "" : output;
        }
    }

    /**
     * The opens a sensor must deliver for these conditions (macros expanded) to see every match, for
     * outputs reading no fd field (the examples' shorthand; the engine uses {@link #filterRules}).
     */
    static OpenPathFilter filter(Collection<Expr> conditions) {
        return filterRules(conditions.stream().map(c -> new RuleText(c, "")).toList());
    }

    /**
     * The opens a sensor must deliver for these rules to raise exactly the alerts they raise on every
     * open, with the same text. Never throws.
     */
    public static OpenPathFilter filterRules(Collection<RuleText> rules) {
        Need total = Need.NONE;
        for (RuleText rule : rules) {
            Expr condition = rule.condition();
            String text = condition.toString();
            // A count or list of all fds changes with every open, whatever the event.
            if (readsWholeFdTable(text) || readsWholeFdTable(rule.output())) {
                return OpenPathFilter.everything();
            }
            EventTypeAnalysis.EventTypes types = EventTypeAnalysis.eventTypes(condition);
            if (EnumSet.allOf(EventType.class).stream().anyMatch(t -> t.isOpen() && types.contains(t))) {
                total = total.or(analyze(condition, Call.OPEN));
            }
            // The close of a skipped open's fd is skipped too: any rule on close must keep what it can match.
            boolean close = types.allExcept() || types.contains(EventType.CLOSE);
            boolean readsTable = types.allExcept() || FD_TABLE_READERS.stream().anyMatch(types::contains);
            if (close) {
                total = total.or(analyze(condition, Call.CLOSE).anyMode());
            }
            if (readsTable && (readsFdTable(text) || outputReadsFdTable(rule.output(), types))) {
                total = total.or(analyze(condition, Call.LATER).anyMode());
            }
            if (total.isAll()) {
                return OpenPathFilter.everything();
            }
        }
        return OpenPathFilter.of(total.list().get(0), total.list().get(1), total.list().get(2));
    }

    /**
     * What an fd must be for the rule to match: per access mode, null (any path) or the path prefixes.
     * {@code open} tells whether the event is the open itself (its mode checks apply) or a later call.
     */
    private record Need(List<Set<String>> list) {

        static final Need NONE = new Need(List.of(Set.of(), Set.of(), Set.of()));
        static final Need ALL = new Need(Arrays.asList(null, null, null));

        static Need paths(Set<String> prefixes) {
            return new Need(Arrays.asList(prefixes, prefixes, prefixes));
        }

        static Need modes(boolean readOnly, boolean writeOnly, boolean readWrite) {
            return new Need(Arrays.asList(readOnly ? null : Set.of(), writeOnly ? null : Set.of(),
                    readWrite ? null : Set.of()));
        }

        boolean isAll() {
            return list.stream().allMatch(Objects::isNull);
        }

        Need or(Need o) {
            List<Set<String>> out = new ArrayList<>(3);
            for (int m = 0; m < 3; m++) {
                Set<String> a = list.get(m);
                Set<String> b = o.list.get(m);
                if (a == null || b == null) {
                    out.add(null);
                } else {
                    Set<String> u = new LinkedHashSet<>(a);
                    u.addAll(b);
                    out.add(u);
                }
            }
            return new Need(out);
        }

        Need and(Need o) {
            List<Set<String>> out = new ArrayList<>(3);
            for (int m = 0; m < 3; m++) {
                Set<String> a = list.get(m);
                Set<String> b = o.list.get(m);
                if (a == null || b == null) {
                    out.add(a == null ? b : a);
                    continue;
                }
                // Starting with some p and with some q: starting with the longer of two that agree.
                Set<String> both = new LinkedHashSet<>();
                for (String p : a) {
                    for (String q : b) {
                        if (p.startsWith(q)) {
                            both.add(p);
                        } else if (q.startsWith(p)) {
                            both.add(q);
                        }
                    }
                }
                out.add(both);
            }
            return new Need(out);
        }

        /** The same paths whatever mode the fd was opened with (for calls made on the fd later). */
        Need anyMode() {
            Need one = NONE;
            for (Set<String> s : list) {
                one = one.or(s == null ? ALL : paths(s));
            }
            return one;
        }
    }

    /** The event a condition is read for: the open itself, the close of its fd, or another call on the fd. */
    private enum Call { OPEN, CLOSE, LATER }

    private static Need analyze(Expr e, Call call) {
        if (e instanceof Expr.And a) {
            Need out = Need.ALL;
            for (Expr c : a.children()) {
                out = out.and(analyze(c, call));
            }
            return out;
        }
        if (e instanceof Expr.Or o) {
            Need out = Need.NONE;
            for (Expr c : o.children()) {
                out = out.or(analyze(c, call));
            }
            return out;
        }
        if (e instanceof Expr.Comparison c) {
            return comparison(c, call);
        }
        // not, exists and anything else: no conclusion.
        return Need.ALL;
    }

    private static Need comparison(Expr.Comparison c, Call call) {
        boolean open = call == Call.OPEN;
        if (!(c.left() instanceof Operand.Field f) || f.argument() != null || c.modifier() != null
                || c.right() instanceof Value.FieldValue || c.right() instanceof Value.TransformValue) {
            return Need.ALL;
        }
        List<String> values = literals(c.right());
        if (values == null) {
            return Need.ALL;
        }
        Operator op = c.operator();
        boolean equality = op == Operator.EQ || op == Operator.EQEQ || op == Operator.IN;
        String name = f.name();
        if (open && (name.equals("evt.type") || name.equals("syscall.type"))) {
            return equality && values.stream().map(EventType::fromName).noneMatch(t -> t != null && t.isOpen())
                    ? Need.NONE : Need.ALL;
        }
        if (open && equality && values.size() == 1 && (name.equals("evt.is_open_read") || name.equals("evt.is_open_write"))) {
            boolean truth = values.get(0).equalsIgnoreCase("true");
            boolean read = name.equals("evt.is_open_read");
            // O_RDONLY reads, O_WRONLY writes, O_RDWR does both.
            return read ? Need.modes(truth, !truth, truth) : Need.modes(!truth, truth, truth);
        }
        if (call == Call.CLOSE && equality && (name.equals("evt.type") || name.equals("syscall.type"))) {
            return values.contains(EventType.CLOSE.falcoName()) ? Need.ALL : Need.NONE;
        }
        if (call != Call.LATER && equality && name.equals("evt.is_truncated") && values.equals(List.of("true"))) {
            // An open's only string is its path, and a plain path is far shorter than the string limit; a close has none.
            return Need.NONE;
        }
        if (equality && (name.equals("fd.type") || name.equals("fd.typechar"))) {
            // A skipped open's fd is a file. A failed open has no fd (no fd.type) and the typechar of its
            // call: 'f', or 'o' for open(2). Directories are kept too, though no skipped open has one.
            boolean typeChar = name.equals("fd.typechar");
            boolean file = values.contains(typeChar ? "f" : "file");
            boolean directory = values.contains(typeChar ? "d" : "directory");
            boolean failedOpen = open && typeChar && values.contains("o");
            return file || failedOpen || (open && directory) ? Need.ALL : Need.NONE;
        }
        if (PATH_FIELDS.contains(name)) {
            return switch (op) {
                case EQ, EQEQ, IN, STARTSWITH -> Need.paths(new LinkedHashSet<>(values));
                case PMATCH -> pmatchPrefixes(values);
                case GLOB -> globPrefixes(values);
                // A plain path (the only kind a sensor skips) never contains these.
                case CONTAINS -> values.stream().allMatch(OpenPathAnalysis::notInPlainPaths) ? Need.NONE : Need.ALL;
                default -> Need.ALL;
            };
        }
        if (name.equals("fd.directory")) {
            return switch (op) {
                case EQ, EQEQ, IN -> Need.paths(directories(values));
                case STARTSWITH -> Need.paths(new LinkedHashSet<>(values));
                case PMATCH -> pmatchPrefixes(values);
                default -> Need.ALL;
            };
        }
        return Need.ALL;
    }

    private static boolean notInPlainPaths(String text) {
        return text.contains("./") || text.contains("//");
    }

    private static Need globPrefixes(List<String> patterns) {
        Set<String> out = new LinkedHashSet<>();
        for (String p : patterns) {
            if (Arrays.stream(p.split("[*?\\[\\]\\\\]")).anyMatch(OpenPathAnalysis::notInPlainPaths)) {
                continue;
            }
            int i = 0;
            while (i < p.length() && "*?[\\".indexOf(p.charAt(i)) < 0) {
                i++;
            }
            out.add(p.substring(0, i));
        }
        return Need.paths(out);
    }

    /**
     * pmatch compares component by component, skipping empty ones, and a component may be a glob
     * ({@code //} matches every path, {@code /etc//x} is {@code /etc/x}): the components up to the first glob.
     */
    private static Need pmatchPrefixes(List<String> patterns) {
        Set<String> out = new LinkedHashSet<>();
        for (String p : patterns) {
            StringBuilder prefix = new StringBuilder();
            for (String c : p.split("/")) {
                if (c.indexOf('?') >= 0 || c.indexOf('*') >= 0 || c.indexOf('[') >= 0) {
                    break;
                }
                if (!c.isEmpty()) {
                    prefix.append('/').append(c);
                }
            }
            out.add(prefix.length() == 0 ? "/" : prefix.toString());
        }
        return Need.paths(out);
    }

    private static Set<String> directories(List<String> dirs) {
        Set<String> out = new LinkedHashSet<>();
        for (String d : dirs) {
            out.add(d.endsWith("/") ? d : d + "/");
        }
        return out;
    }

    /** The literal text(s) a comparison is with, or null for anything else. */
    private static List<String> literals(Value v) {
        if (v instanceof Value.Literal l) {
            return List.of(l.text());
        }
        if (v instanceof Value.ListLiteral list) {
            return list.items().stream().map(Value.Literal::text).toList();
        }
        return null;
    }

    /**
     * Whether a condition's text (or an output) names a field the fd table answers for a call on an
     * existing fd. A condition's text holds every node below it, so one look at the whole is enough.
     * (Fields read from the whole fd table were dealt with before: they keep everything.)
     */
    private static boolean readsFdTable(String text) {
        return text.contains("fd.") || text.contains("fs.path") || text.contains("evt.abspath") || text.contains("evt.args")
                || namesFdArgument(text);
    }

    /** The names of every event's fd parameters ({@code fd}, {@code dirfd}, {@code oldfd}...). */
    private static final Set<String> FD_PARAMETERS = fdParameters();

    private static Set<String> fdParameters() {
        Set<String> names = new LinkedHashSet<>();
        for (EventType t : EventType.values()) {
            t.params().stream().filter(p -> p.kind() == ParamKind.FD).forEach(p -> names.add(p.name()));
        }
        return Set.copyOf(names);
    }

    /**
     * Whether a text names {@code evt.arg.X} of an fd parameter, whose text is the fd's file as libsinsp
     * resolves it ({@code <f>/etc/passwd}), or an argument by index ({@code evt.arg[N]}, which may be one).
     */
    private static boolean namesFdArgument(String text) {
        // an output names it evt.arg.NAME or evt.arg[N]; a condition's text shows its field node
        return text.contains("evt.arg[") || namesFdArgument(text, "evt.arg.") || namesFdArgument(text, "name=evt.arg, argument=");
    }

    /** Whether {@code text} has {@code prefix} followed by an fd parameter's name or an argument's index. */
    private static boolean namesFdArgument(String text, String prefix) {
        for (int i = text.indexOf(prefix); i >= 0; i = text.indexOf(prefix, i + 1)) {
            int from = i + prefix.length();
            int to = from;
            while (to < text.length() && (Character.isLetterOrDigit(text.charAt(to)) || text.charAt(to) == '_')) {
                to++;
            }
            String argument = text.substring(from, to);
            if (FD_PARAMETERS.contains(argument) || !argument.isEmpty() && argument.chars().allMatch(Character::isDigit)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether an output prints something of a skipped open's fd for one of these events: fd fields
     * only for calls with an fd argument (the fd context), paths for calls with a dirfd too (execveat
     * with AT_EMPTY_PATH names the file itself; {@code evt.args} and an fd parameter's {@code evt.arg}
     * print its file).
     */
    private static boolean outputReadsFdTable(String output, EventTypeAnalysis.EventTypes types) {
        if (output.contains("evt.abspath") || output.contains("fs.path") || output.contains("evt.args") || namesFdArgument(output)) {
            return true;
        }
        return output.contains("fd.") && (types.allExcept() || FD_TABLE_READERS.stream()
                .anyMatch(t -> types.contains(t) && (t.slotIfPresent("fd") >= 0 || t.slotIfPresent("oldfd") >= 0)));
    }

    /** Whether a text names a field read from the whole fd table or from fds 0-2 (which a skipped open may be). */
    private static boolean readsWholeFdTable(String text) {
        return text.contains("proc.fdopencount") || text.contains("fd.types") || text.contains("fdlist.")
                || text.contains("proc.stdin.") || text.contains("proc.stdout.") || text.contains("proc.stderr.");
    }

    private static Set<EventType> types(String... names) {
        Set<EventType> out = EnumSet.noneOf(EventType.class);
        for (String n : names) {
            EventType t = EventType.fromName(n);
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }
}
