package dev.kestrel.testkit;

import dev.kestrel.core.json.JsonWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes worlds, actions and expectations as the YAML of a rule test file, ready to paste under
 * {@code tests:}. Strings are written as JSON strings (valid YAML double-quoted scalars), so any
 * value survives the trip back through the reader. Stateless.
 */
final class RuleTestYaml {

    private RuleTestYaml() {
    }

    /** One test as a {@code tests:} item, indented by {@code indent}. */
    static String test(String name, World world, List<Action> actions, List<ExpectedAlert> expect,
            boolean allowOthers, String indent) {
        StringBuilder out = new StringBuilder();
        out.append(indent).append("- name: ").append(q(name)).append('\n');
        String in = indent + "  ";
        out.append(world(world, in));
        out.append(actions(actions, in));
        if (expect.isEmpty()) {
            out.append(in).append("expect: []\n");
        } else {
            out.append(in).append("expect:\n");
            for (ExpectedAlert e : expect) {
                StringBuilder item = new StringBuilder("rule: ").append(q(e.rule()));
                if (e.priority() != null) {
                    item.append(", priority: ").append(e.priority().display());
                }
                if (e.count() != null) {
                    item.append(", count: ").append(e.count());
                }
                if (!e.outputFields().isEmpty()) {
                    item.append(", output_fields: ").append(JsonWriter.write(e.outputFields()));
                }
                if (e.output() != null) {
                    item.append(", output: ").append(q(e.output()));
                }
                out.append(in).append("  - {").append(item).append("}\n");
            }
        }
        if (allowOthers) {
            out.append(in).append("allow_other_alerts: true\n");
        }
        return out.toString();
    }

    /** The {@code given:} block of {@code world}. */
    static String world(World world, String indent) {
        StringBuilder out = new StringBuilder(indent).append("given:");
        if (world.users().isEmpty() && world.containers().isEmpty() && world.processes().isEmpty()) {
            return out.append(" {}\n").toString();
        }
        out.append('\n');
        String in = indent + "  ";
        if (!world.users().isEmpty()) {
            out.append(in).append("users:\n");
            for (UserAccount u : world.users()) {
                StringBuilder item = new StringBuilder("name: ").append(q(u.name()));
                if (u.uid() >= 0) {
                    item.append(", uid: ").append(u.uid());
                }
                opt(item, "home", u.home());
                opt(item, "shell", u.shell());
                out.append(in).append("  - {").append(item).append("}\n");
            }
        }
        if (!world.containers().isEmpty()) {
            out.append(in).append("containers:\n");
            for (Container c : world.containers()) {
                StringBuilder item = new StringBuilder("id: ").append(q(c.id()));
                opt(item, "name", c.name());
                opt(item, "image", c.image());
                opt(item, "pod", c.pod());
                opt(item, "namespace", c.namespace());
                if (!c.labels().isEmpty()) {
                    item.append(", labels: ").append(JsonWriter.write(new TreeMap<>(c.labels())));
                }
                if (c.privileged()) {
                    item.append(", privileged: true");
                }
                opt(item, "ip", c.ip());
                out.append(in).append("  - {").append(item).append("}\n");
            }
        }
        if (!world.processes().isEmpty()) {
            out.append(in).append("processes:\n");
            for (RunningProcess p : world.processes()) {
                StringBuilder item = new StringBuilder("id: ").append(q(p.id()));
                if (p.pid() > 0) {
                    item.append(", pid: ").append(p.pid());
                }
                item.append(", exe: ").append(q(p.exe()));
                args(item, p.args());
                opt(item, "user", p.user());
                opt(item, "container", p.container());
                opt(item, "parent", p.parent());
                opt(item, "cwd", p.cwd());
                if (p.tty()) {
                    item.append(", tty: true");
                }
                out.append(in).append("  - {").append(item).append("}\n");
            }
        }
        return out.toString();
    }

    /** The {@code when:} block of {@code actions}. */
    static String actions(List<Action> actions, String indent) {
        if (actions.isEmpty()) {
            return indent + "when: []\n";
        }
        StringBuilder out = new StringBuilder(indent).append("when:\n");
        for (Action a : actions) {
            out.append(indent).append("  - {").append(action(a)).append("}\n");
        }
        return out.toString();
    }

    static String action(Action a) {
        StringBuilder item = new StringBuilder();
        if (a.as() != null) {
            item.append("as: ").append(q(a.as())).append(", ");
        }
        if (a instanceof Action.Spawn s) {
            item.append("spawn: ").append(q(s.exe()));
            args(item, s.args());
            opt(item, "id", s.id());
            if (s.tty() != null) {
                item.append(", tty: ").append(s.tty());
            }
            opt(item, "container", s.container());
            opt(item, "user", s.user());
            if (s.dropped()) {
                item.append(", dropped: true");
            }
        } else if (a instanceof Action.Open o) {
            item.append(o.write() ? "write: " : "open: ").append(q(o.path()));
        } else if (a instanceof Action.Connect c) {
            item.append("connect: ").append(q(c.address()));
            if (c.udp()) {
                item.append(", proto: udp");
            }
        } else if (a instanceof Action.Exec e) {
            item.append("exec: ").append(q(e.exe()));
            args(item, e.args());
            if (e.dropped()) {
                item.append(", dropped: true");
            }
        } else if (a instanceof Action.Exit) {
            item.append("exit: true");
        } else if (a instanceof Action.RawEvent r) {
            item.append("event: ").append(JsonWriter.write(r.json()));
        }
        return item.toString();
    }

    private static void args(StringBuilder item, List<String> args) {
        if (!args.isEmpty()) {
            item.append(", args: ").append(JsonWriter.write(args));
        }
    }

    private static void opt(StringBuilder item, String key, String value) {
        if (value != null) {
            item.append(", ").append(key).append(": ").append(q(value));
        }
    }

    private static String q(String s) {
        StringBuilder out = new StringBuilder();
        JsonWriter.writeString(s, out);
        return out.toString();
    }

    /** {@code map} as a flow mapping (for messages). */
    static String flow(Map<String, ?> map) {
        return JsonWriter.write(map);
    }
}
