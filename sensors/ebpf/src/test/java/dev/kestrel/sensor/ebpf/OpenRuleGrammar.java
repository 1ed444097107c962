package dev.kestrel.sensor.ebpf;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Random rules over file opens and the calls that read the fd table (close, dup, fchmod), from a
 * small grammar whose literals are paths that are prefixes of one another, so that they match the
 * paths {@link SyscallWorld} opens. Stateless.
 */
final class OpenRuleGrammar {

    /** Paths the streams open: plain, odd (//, ./, ..), relative, long, UTF-8. */
    static final List<String> STREAM_PATHS = List.of("/etc/shadow", "/etc/shadow-", "/etc/hostname", "/etc/pam.d",
            "/etc/pam.d/sshd", "/etc/pam.d/", "/etc/sudoers", "/etc/sudoers.d/x", "/var/log/syslog", "/var/log",
            "/tmp/x", "/tmp/x/y", "/tmp/d", "/tmp/d/f", "/tmp/é", "/tmp/éé/f", "/", "/etc", "/root/.ssh/id_rsa",
            "//etc/shadow", "/etc//shadow", "/etc/./shadow", "/tmp/../etc/shadow", "/etc/pam.d/..", "/etc/shadow/.",
            "/etc/.", "/etc/pam.d/../shadow", "/tmp/d/..", "shadow", "pam.d/sshd", "./shadow", "../etc/shadow", "x",
            "sudoers.d/x", "pam.d", "/etc/" + "q".repeat(150) + "/..", "/etc/" + "q".repeat(143) + "/..",
            "/tmp/" + "é".repeat(73), "/tmp/" + "é".repeat(72), "/var/log/" + "l".repeat(150));

    /** Program names the streams run. */
    static final List<String> NAMES = List.of("cat", "vi", "sh", "sshd");

    /** Literals: absolute paths first (four times as likely), then odd ones. */
    private static final List<String> LITERALS = List.of("/etc", "/etc/", "/etc/shadow", "/etc/shadow-", "/etc/pam.d",
            "/etc/pam.d/", "/etc/pam.d/sshd", "/etc/sudoers", "/etc/sudoers.d", "/var/log", "/var/log/",
            "/var/log/syslog", "/tmp/x", "/tmp/d/", "/tmp", "/tmp/é", "/etc/hostname", "/root/.ssh",
            "/", "shadow", "pam.d/sshd", "..", "//", "/.", "/etc//shadow");
    private static final int ABSOLUTE_LITERALS = 18;

    private static final List<String> GLOBS = List.of("/etc/*", "/etc/sha*", "*shadow", "/tmp/?/y", "/etc/pam.d/*",
            "/var/log/*", "/etc/s[hu]*", "/tmp/*/../*", "*", "/tmp/é*");

    private static final List<String> FILENAMES = List.of("shadow", "x", "pam.d", "sudoers", "hostname", "sshd");

    private static final List<String> EVENT_TYPES = List.of("open", "openat", "openat2", "creat", "close", "dup",
            "dup2", "dup3", "fchmod", "execve", "execveat", "socket", "chdir");

    private OpenRuleGrammar() {
    }

    /** A rules file of one or two rules built from the grammar. */
    static Arbitrary<String> rulesYaml() {
        return yaml(Arbitraries.frequencyOf(Tuple.of(3, rule().list().ofSize(1)), Tuple.of(1, rule().list().ofSize(2))));
    }

    /**
     * A rules file with a rule on calls that take an fd (close, dup*, fchmod) and a rule on opens of
     * some paths, so that some opens are skipped and the calls on their fds are seen or left out.
     */
    static Arbitrary<String> fdCallRulesYaml() {
        Arbitrary<Tuple.Tuple2<String, String>> opens = Combinators.combine(openTypes(), prefixCheck(), output())
                .as((t, p, o) -> Tuple.of(t + " and " + p, o));
        Arbitrary<String> plainOutput = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just("o t=%evt.type p=%proc.name res=%evt.res")),
                Tuple.of(1, output()));
        Arbitrary<String> check = Arbitraries.frequencyOf(Tuple.of(2, condition(1)),
                Tuple.of(1, Arbitraries.of("evt.abspath startswith /etc/", "evt.abspath startswith /tmp/", "evt.failed = true")),
                Tuple.of(2, Combinators.combine(prefixCheck(), condition(1)).as((p, c) -> p + " and (" + c + ")")));
        Arbitrary<Tuple.Tuple2<String, String>> fdCall = Combinators.combine(fdCalls(), check, plainOutput)
                .as((t, c, o) -> Tuple.of(t + " and (" + c + ")", o));
        return yaml(Combinators.combine(fdCall, opens).as(List::of));
    }

    private static Arbitrary<String> yaml(Arbitrary<List<Tuple.Tuple2<String, String>>> rules) {
        return rules.map(list -> {
            StringBuilder yaml = new StringBuilder();
            for (int i = 0; i < list.size(); i++) {
                yaml.append("- rule: r").append(i).append("\n  desc: d\n  condition: >-\n    ").append(list.get(i).get1())
                        .append("\n  output: ").append(list.get(i).get2()).append("\n  priority: WARNING\n");
            }
            return yaml.toString();
        });
    }

    private static Arbitrary<String> openTypes() {
        return Arbitraries.of("open", "openat", "openat2", "creat").list().ofMinSize(1).ofMaxSize(3)
                .uniqueElements().map(ts -> "evt.type in (" + String.join(", ", ts) + ")");
    }

    private static Arbitrary<String> fdCalls() {
        return Arbitraries.of("close", "dup", "dup2", "dup3", "fchmod", "execveat").list().ofMinSize(1).ofMaxSize(2)
                .uniqueElements().map(ts -> "evt.type in (" + String.join(", ", ts) + ")");
    }

    private static Arbitrary<Tuple.Tuple2<String, String>> rule() {
        Arbitrary<String> openTypes = openTypes();
        Arbitrary<String> fdCalls = fdCalls();
        // Mostly rules on opens that check a path, so that some opens match and others can be skipped.
        Arbitrary<String> condition = Arbitraries.frequencyOf(
                Tuple.of(10, Combinators.combine(openTypes, prefixCheck(), condition(1)).as((t, p, c) -> t + " and " + p + " and (" + c + ")")),
                Tuple.of(3, Combinators.combine(eventTypes(), pathCheck(), condition(2)).as((t, p, c) -> t + " and (" + p + " or " + c + ")")),
                Tuple.of(4, Combinators.combine(eventTypes(), condition(2)).as((t, c) -> t + " and (" + c + ")")),
                Tuple.of(4, Combinators.combine(fdCalls, condition(1)).as((t, c) -> t + " and (" + c + ")")),
                Tuple.of(1, condition(2)));
        return Combinators.combine(condition, output()).as(Tuple::of);
    }

    private static Arbitrary<String> output() {
        return Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.just("o t=%evt.type p=%proc.name res=%evt.res")),
                Tuple.of(7, Arbitraries.just("o t=%evt.type n=%fd.name raw=%fd.nameraw c=%fd.typechar num=%fd.num "
                        + "p=%proc.name flags=%evt.arg.flags")),
                Tuple.of(1, Arbitraries.just("o t=%evt.type dir=%fd.directory file=%fd.filename count=%proc.fdopencount")),
                Tuple.of(1, Arbitraries.just("o t=%evt.type path=%evt.abspath exe=%proc.exepath p=%proc.name")),
                Tuple.of(1, Arbitraries.just("o t=%evt.type args=%evt.args")));
    }

    private static Arbitrary<String> eventTypes() {
        Arbitrary<String> type = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of("open", "openat", "openat2", "creat")),
                Tuple.of(1, Arbitraries.of(EVENT_TYPES)));
        return type.list().ofMinSize(1).ofMaxSize(3).uniqueElements()
                .map(ts -> ts.size() == 1 ? "evt.type = " + ts.get(0) : "evt.type in (" + String.join(", ", ts) + ")");
    }

    private static Arbitrary<String> condition(int depth) {
        if (depth == 0) {
            return atom();
        }
        Arbitrary<String> smaller = condition(depth - 1);
        return Arbitraries.frequencyOf(
                Tuple.of(6, atom()),
                Tuple.of(3, Combinators.combine(smaller, smaller).as((a, b) -> "(" + a + " and " + b + ")")),
                Tuple.of(2, Combinators.combine(smaller, smaller).as((a, b) -> "(" + a + " or " + b + ")")),
                Tuple.of(1, smaller.map(a -> "not (" + a + ")")));
    }

    private static Arbitrary<String> atom() {
        return Arbitraries.frequencyOf(
                Tuple.of(8, pathCheck()),
                Tuple.of(2, Arbitraries.of("fd.type = file", "fd.type = directory", "fd.type in (ipv4, ipv6)",
                        "fd.type in (file, directory)", "fd.typechar = f", "fd.typechar = d")),
                Tuple.of(2, eventTypes()),
                Tuple.of(2, Arbitraries.of("evt.is_open_read = true", "evt.is_open_read = false",
                        "evt.is_open_write = true", "evt.is_open_write = false")),
                Tuple.of(2, Arbitraries.of("proc.name = cat", "proc.name in (cat, vi)", "proc.name != sh")),
                Tuple.of(1, Arbitraries.of("evt.arg.flags contains O_TRUNC", "evt.failed = true", "evt.failed = false",
                        "proc.fdopencount > 4", "evt.abspath startswith /etc/", "evt.abspath = /etc/hostname")));
    }

    /** A path check the analysis can turn into prefixes. */
    private static Arbitrary<String> prefixCheck() {
        Arbitrary<String> field = Arbitraries.of("fd.name", "fd.nameraw", "fd.directory");
        Arbitrary<String> op = Arbitraries.of("=", "in", "startswith", "pmatch");
        Arbitrary<String> literal = Arbitraries.of(LITERALS.subList(0, ABSOLUTE_LITERALS));
        return Combinators.combine(field, op, literal.list().ofMinSize(1).ofMaxSize(3)).as((f, o, values) ->
                o.equals("in") || o.equals("pmatch") ? f + " " + o + " (" + String.join(", ", values.stream().map(OpenRuleGrammar::quote).toList()) + ")"
                        : f + " " + o + " " + quote(values.get(0)));
    }

    private static Arbitrary<String> pathCheck() {
        Arbitrary<String> field = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of("fd.name", "fd.nameraw", "fd.directory")),
                Tuple.of(1, Arbitraries.just("fd.filename")));
        Arbitrary<String> op = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.of("=", "in", "startswith", "pmatch", "glob")),
                Tuple.of(1, Arbitraries.of("contains", "endswith", "!=")));
        return Combinators.combine(field, op, Arbitraries.integers().between(0, 1_000_000)).as((f, o, seed) -> {
            List<String> pool = f.equals("fd.filename") ? FILENAMES : o.equals("glob") ? GLOBS
                    : seed % 5 == 0 ? LITERALS : LITERALS.subList(0, ABSOLUTE_LITERALS);
            String one = quote(pool.get((seed / 5) % pool.size()));
            String value = switch (o) {
                case "in", "pmatch" -> "(" + one + (seed % 3 == 0 ? "" : ", " + quote(pool.get((seed / 7) % pool.size())))
                        + (seed % 11 == 0 ? ", " + quote(pool.get((seed / 49) % pool.size())) : "") + ")";
                default -> one;
            };
            return f + " " + o + " " + value;
        });
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }
}
