package dev.kestrel.testkit;

import dev.kestrel.core.Priority;
import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.jsonl.EventJsonReader;
import dev.kestrel.core.field.FieldCatalogue;
import dev.kestrel.core.field.Resolution;
import dev.kestrel.core.json.JsonWriter;
import dev.kestrel.engine.loader.Diagnostic;
import dev.kestrel.engine.loader.DiagnosticCode;
import dev.kestrel.engine.loader.LoaderLimits;
import dev.kestrel.engine.loader.Spot;
import dev.kestrel.engine.loader.YamlDocuments;
import dev.kestrel.engine.loader.YamlLimits;
import dev.kestrel.engine.loader.YamlSource;
import dev.kestrel.engine.runtime.RuleMatching;
import dev.kestrel.engine.yaml.BoundedTextFile;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads a rule test file into a {@link RuleTestFile}, collecting every problem with its position:
 * a broken test is reported and skipped, the following tests are still read. Stateless.
 */
final class RuleTestFileReader {

    static final DiagnosticCode UNKNOWN_ACTION = DiagnosticCode.LOAD_ERR_YAML_VALIDATE;
    static final DiagnosticCode UNDEFINED = DiagnosticCode.LOAD_ERR_VALIDATE;
    static final DiagnosticCode BAD_EVENT = DiagnosticCode.LOAD_ERR_YAML_VALIDATE;
    static final DiagnosticCode BAD_FIELD = DiagnosticCode.LOAD_ERR_VALIDATE;

    private static final Set<String> FILE_KEYS = Set.of("rules", "rule_matching", "tests");
    private static final Set<String> TEST_KEYS = Set.of("name", "given", "when", "expect", "allow_other_alerts");
    private static final Set<String> GIVEN_KEYS = Set.of("users", "containers", "processes");
    private static final Set<String> USER_KEYS = Set.of("name", "uid", "home", "shell");
    private static final Set<String> CONTAINER_KEYS =
            Set.of("id", "name", "image", "pod", "namespace", "labels", "privileged", "ip");
    private static final Set<String> PROCESS_KEYS =
            Set.of("id", "pid", "exe", "args", "user", "container", "parent", "cwd", "tty");
    private static final Set<String> EXPECT_KEYS = Set.of("rule", "priority", "count", "output_fields", "output");
    private static final Map<String, Set<String>> ACTION_OPTIONS = new LinkedHashMap<>();

    static {
        ACTION_OPTIONS.put("spawn", Set.of("args", "id", "tty", "container", "user", "dropped"));
        ACTION_OPTIONS.put("open", Set.of());
        ACTION_OPTIONS.put("write", Set.of());
        ACTION_OPTIONS.put("connect", Set.of("proto"));
        ACTION_OPTIONS.put("exec", Set.of("args", "dropped"));
        ACTION_OPTIONS.put("exit", Set.of());
        ACTION_OPTIONS.put("event", Set.of());
    }

    private static final Set<String> ACTION_KEYS;

    static {
        Set<String> keys = new LinkedHashSet<>(ACTION_OPTIONS.keySet());
        keys.add("as");
        ACTION_OPTIONS.values().forEach(keys::addAll);
        ACTION_KEYS = Set.copyOf(keys);
    }

    private final YamlNodes yaml;
    private final Path path;
    private final List<Diagnostic> problems = new ArrayList<>();
    private final FieldCatalogue catalogue = FieldCatalogue.load(RuleTestFileReader.class.getClassLoader());

    private final String content;

    private RuleTestFileReader(Path path, String content) {
        this.path = path;
        this.content = content;
        this.yaml = new YamlNodes(new YamlSource(path.toString(), content));
    }

    static RuleTestFile read(Path path) throws IOException, RuleTestFileException {
        String content;
        try {
            // refused by type (a FIFO, a device such as /dev/zero) and size before it is read, and unless UTF-8
            content = BoundedTextFile.read(path, LoaderLimits.DEFAULTS.maxFileBytes(), "rule test file",
                    "of " + (LoaderLimits.DEFAULTS.maxFileBytes() >> 20) + " MiB for rule test files");
        } catch (NoSuchFileException | AccessDeniedException e) {
            throw e;
        } catch (IOException e) {
            throw new RuleTestFileException(List.of(new Spot(path.toString(), 1, 1)
                    .error(DiagnosticCode.LOAD_ERR_FILE_READ, "cannot read the test file: " + e.getMessage())));
        }
        return new RuleTestFileReader(path, content).read();
    }

    /** Reads {@code content} as if it were the file {@code path} (for tests of the reader). */
    static RuleTestFile read(Path path, String content) throws RuleTestFileException {
        return new RuleTestFileReader(path, content).read();
    }

    private RuleTestFile read() throws RuleTestFileException {
        LoaderLimits limits = LoaderLimits.DEFAULTS;
        List<Node> docs = YamlDocuments.compose(yaml.source(), content, new YamlLimits(limits.maxFileBytes(),
                limits.maxYamlDepth(), limits.maxYamlAliases()), DiagnosticCode.LOAD_ERR_YAML_PARSE, problems::add);
        if (docs == null) {
            throw new RuleTestFileException(problems);
        }
        List<Node> real = docs.stream().filter(d -> !YamlNodes.isNull(d)).toList();
        if (real.size() != 1) {
            throw new RuleTestFileException(List.of(yaml.source().start().error(YamlNodes.SCHEMA, real.isEmpty()
                    ? "the test file is empty; it needs 'tests:' (and usually 'rules:')"
                    : "the test file has " + real.size() + " YAML documents; put everything in one")));
        }
        List<RuleTestFile.RulesRef> rules = new ArrayList<>();
        RuleMatching matching = RuleMatching.ALL;
        List<RuleTestCase> tests = new ArrayList<>();
        try {
            Map<String, NodeTuple> top = yaml.mapping(real.get(0), "the test file", FILE_KEYS);
            if (top.containsKey("rules")) {
                Node r = top.get("rules").getValueNode();
                List<Node> items = r instanceof ScalarNode && !YamlNodes.isNull(r)
                        ? List.of(r) : yaml.items(r, "rules");
                Path dir = path.toAbsolutePath().getParent();
                for (Node item : items) {
                    Path p = dir.resolve(yaml.text(item, "a rules file")).normalize();
                    rules.add(new RuleTestFile.RulesRef(p, yaml.source().spotOf(item)));
                }
            }
            if (top.containsKey("rule_matching")) {
                Node m = top.get("rule_matching").getValueNode();
                String v = yaml.text(m, "rule_matching");
                if (v.equals("first")) {
                    matching = RuleMatching.FIRST;
                } else if (!v.equals("all")) {
                    throw yaml.bad(m, YamlNodes.SCHEMA, "rule_matching must be 'all' or 'first', not '" + v + "'");
                }
            }
            if (!top.containsKey("tests")) {
                throw yaml.bad(real.get(0), YamlNodes.SCHEMA, "the test file has no 'tests:'");
            }
            Map<String, Spot> names = new HashMap<>();
            for (Node t : yaml.items(top.get("tests").getValueNode(), "tests")) {
                try {
                    RuleTestCase c = test(t);
                    Spot before = names.putIfAbsent(c.name(), c.spot());
                    if (before != null) {
                        throw yaml.bad(t, YamlNodes.SCHEMA, "a test named '" + c.name() + "' is already at line "
                                + before.line() + "; give each test its own name");
                    }
                    tests.add(c);
                } catch (YamlNodes.Bad b) {
                    problems.add(b.diagnostic);
                }
            }
        } catch (YamlNodes.Bad b) {
            problems.add(b.diagnostic);
        }
        if (!problems.isEmpty()) {
            throw new RuleTestFileException(problems);
        }
        return new RuleTestFile(path, rules, matching, tests);
    }

    /** The nodes a test's problems can point at, by "section:index:key" and "section:index". */
    private final Map<String, Node> anchors = new HashMap<>();

    private RuleTestCase test(Node node) {
        anchors.clear();
        Map<String, NodeTuple> t = yaml.mapping(node, "a test", TEST_KEYS);
        if (!t.containsKey("name")) {
            throw yaml.bad(node, YamlNodes.SCHEMA, "a test needs a 'name:'");
        }
        String name = yaml.text(t.get("name").getValueNode(), "name");
        World world = t.containsKey("given") ? given(t.get("given").getValueNode()) : World.EMPTY;
        List<Action> actions = new ArrayList<>();
        if (t.containsKey("when")) {
            List<Node> items = yaml.items(t.get("when").getValueNode(), "when");
            for (int i = 0; i < items.size(); i++) {
                actions.add(action(items.get(i), i));
            }
        }
        if (!t.containsKey("expect")) {
            throw yaml.bad(node, YamlNodes.SCHEMA, "test '" + name + "' needs 'expect:' (the alerts; [] for none)");
        }
        List<ExpectedAlert> expect = new ArrayList<>();
        List<Spot> expectSpots = new ArrayList<>();
        for (Node e : yaml.items(t.get("expect").getValueNode(), "expect")) {
            Map<String, NodeTuple> m = yaml.mapping(e, "an expected alert", EXPECT_KEYS);
            if (!m.containsKey("rule")) {
                throw yaml.bad(e, YamlNodes.SCHEMA, "an expected alert needs 'rule:'");
            }
            Node ruleNode = m.get("rule").getValueNode();
            Priority priority = null;
            if (m.containsKey("priority")) {
                Node p = m.get("priority").getValueNode();
                priority = Priority.parse(yaml.text(p, "priority"));
                if (priority == null) {
                    throw yaml.bad(p, YamlNodes.SCHEMA, "unknown priority '" + yaml.text(p, "priority")
                            + "' (Emergency, Alert, Critical, Error, Warning, Notice, Informational, Debug)");
                }
            }
            Integer count = m.containsKey("count") ? (int) yaml.integer(m.get("count").getValueNode(), "count", 0) : null;
            Map<String, String> fields = new LinkedHashMap<>();
            if (m.containsKey("output_fields")) {
                Node f = m.get("output_fields").getValueNode();
                fields = yaml.textMap(f, "output_fields");
                for (NodeTuple ft : yaml.mapping(f, "output_fields", null).values()) {
                    String field = yaml.text(ft.getKeyNode(), "a field name");
                    if (catalogue.resolve(field) instanceof Resolution.Unknown u) {
                        throw yaml.bad(ft.getKeyNode(), BAD_FIELD, u.message());
                    }
                }
            }
            String output = m.containsKey("output") ? yaml.anyText(m.get("output").getValueNode(), "output") : null;
            expect.add(new ExpectedAlert(yaml.text(ruleNode, "rule"), priority, count, fields, output));
            expectSpots.add(yaml.source().spotOf(ruleNode));
        }
        boolean allowOthers = t.containsKey("allow_other_alerts")
                && yaml.bool(t.get("allow_other_alerts").getValueNode(), "allow_other_alerts");
        try {
            EventExpansion.expand(world, actions);
        } catch (EventExpansion.InvalidTest e) {
            EventExpansion.Problem p = e.problems().get(0);
            Node at = anchors.getOrDefault(p.section() + ":" + p.index() + ":" + p.key(),
                    anchors.getOrDefault(p.section() + ":" + p.index(), node));
            for (int i = 1; i < e.problems().size(); i++) {
                EventExpansion.Problem more = e.problems().get(i);
                Node n = anchors.getOrDefault(more.section() + ":" + more.index() + ":" + more.key(),
                        anchors.getOrDefault(more.section() + ":" + more.index(), node));
                problems.add(yaml.source().spotOf(n).error(UNDEFINED, more.message()));
            }
            throw yaml.bad(at, UNDEFINED, p.message());
        }
        return new RuleTestCase(name, world, actions, expect, allowOthers, yaml.source().spotOf(node), expectSpots);
    }

    private World given(Node node) {
        if (YamlNodes.isNull(node)) {
            return World.EMPTY;
        }
        Map<String, NodeTuple> g = yaml.mapping(node, "given", GIVEN_KEYS);
        List<UserAccount> users = new ArrayList<>();
        List<Container> containers = new ArrayList<>();
        List<RunningProcess> processes = new ArrayList<>();
        if (g.containsKey("users")) {
            List<Node> items = yaml.items(g.get("users").getValueNode(), "users");
            for (int i = 0; i < items.size(); i++) {
                Map<String, NodeTuple> u = item(items.get(i), "users", i, "a user", USER_KEYS, "name");
                users.add(new UserAccount(yaml.text(u.get("name").getValueNode(), "name"),
                        u.containsKey("uid") ? yaml.integer(u.get("uid").getValueNode(), "uid", 0) : -1,
                        optText(u, "home"), optText(u, "shell")));
            }
        }
        if (g.containsKey("containers")) {
            List<Node> items = yaml.items(g.get("containers").getValueNode(), "containers");
            for (int i = 0; i < items.size(); i++) {
                Map<String, NodeTuple> c = item(items.get(i), "containers", i, "a container", CONTAINER_KEYS, "id");
                containers.add(new Container(yaml.text(c.get("id").getValueNode(), "id"), optText(c, "name"),
                        optText(c, "image"), optText(c, "pod"), optText(c, "namespace"),
                        c.containsKey("labels") ? yaml.textMap(c.get("labels").getValueNode(), "labels") : Map.of(),
                        c.containsKey("privileged") && yaml.bool(c.get("privileged").getValueNode(), "privileged"),
                        optText(c, "ip")));
            }
        }
        if (g.containsKey("processes")) {
            List<Node> items = yaml.items(g.get("processes").getValueNode(), "processes");
            for (int i = 0; i < items.size(); i++) {
                Map<String, NodeTuple> p = item(items.get(i), "processes", i, "a process", PROCESS_KEYS, "id");
                if (!p.containsKey("exe")) {
                    throw yaml.bad(items.get(i), YamlNodes.SCHEMA, "a process needs 'exe:' (the executable's path)");
                }
                processes.add(new RunningProcess(yaml.text(p.get("id").getValueNode(), "id"),
                        p.containsKey("pid") ? yaml.integer(p.get("pid").getValueNode(), "pid", 1) : 0,
                        yaml.text(p.get("exe").getValueNode(), "exe"),
                        p.containsKey("args") ? yaml.texts(p.get("args").getValueNode(), "args") : List.of(),
                        optText(p, "user"), optText(p, "container"), optText(p, "parent"), optText(p, "cwd"),
                        p.containsKey("tty") && yaml.bool(p.get("tty").getValueNode(), "tty")));
            }
        }
        return new World(containers, processes, users);
    }

    /** A mapping item of a section, remembered for positioning later problems; {@code required} must be there. */
    private Map<String, NodeTuple> item(Node node, String section, int index, String what, Set<String> keys,
            String required) {
        Map<String, NodeTuple> m = yaml.mapping(node, what, keys);
        anchors.put(section + ":" + index, node);
        m.forEach((k, t) -> anchors.put(section + ":" + index + ":" + k, t.getValueNode()));
        if (required != null && !m.containsKey(required)) {
            throw yaml.bad(node, YamlNodes.SCHEMA, what + " needs '" + required + ":'");
        }
        return m;
    }

    private String optText(Map<String, NodeTuple> m, String key) {
        return m.containsKey(key) ? yaml.text(m.get(key).getValueNode(), key) : null;
    }

    private Action action(Node node, int index) {
        if (!(node instanceof MappingNode)) {
            throw yaml.bad(node, UNKNOWN_ACTION, "an action must be a mapping such as {as: app, open: /etc/shadow}");
        }
        Map<String, NodeTuple> raw = yaml.mapping(node, "an action", null);
        for (Map.Entry<String, NodeTuple> e : raw.entrySet()) {
            if (!ACTION_KEYS.contains(e.getKey())) {
                throw yaml.bad(e.getValue().getKeyNode(), UNKNOWN_ACTION, "unknown action or option '" + e.getKey() + "'"
                        + YamlNodes.suggest(e.getKey(), ACTION_KEYS));
            }
        }
        List<String> kinds = raw.keySet().stream().filter(ACTION_OPTIONS::containsKey).toList();
        if (kinds.isEmpty()) {
            throw yaml.bad(node, UNKNOWN_ACTION, "an action needs one of: " + String.join(", ", ACTION_OPTIONS.keySet()));
        }
        if (kinds.size() > 1) {
            throw yaml.bad(raw.get(kinds.get(1)).getKeyNode(), UNKNOWN_ACTION, "an action does one thing; this one has "
                    + String.join(" and ", kinds) + " (split it into two actions)");
        }
        String kind = kinds.get(0);
        Set<String> allowed = new LinkedHashSet<>(ACTION_OPTIONS.get(kind));
        allowed.add("as");
        allowed.add(kind);
        for (Map.Entry<String, NodeTuple> e : raw.entrySet()) {
            if (!allowed.contains(e.getKey())) {
                throw yaml.bad(e.getValue().getKeyNode(), UNKNOWN_ACTION, "'" + e.getKey() + "' is not an option of "
                        + kind + " (its options: " + String.join(", ", ACTION_OPTIONS.get(kind).stream().sorted().toList())
                        + ")");
            }
        }
        Map<String, NodeTuple> m = item(node, "when", index, "an action", null, null);
        Node value = m.get(kind).getValueNode();
        String as = m.containsKey("as") ? yaml.text(m.get("as").getValueNode(), "as") : null;
        if (as == null && !kind.equals("event")) {
            throw yaml.bad(node, YamlNodes.SCHEMA, kind + " needs 'as:' (the id or pid of the process doing it)");
        }
        List<String> args = m.containsKey("args") ? yaml.texts(m.get("args").getValueNode(), "args") : List.of();
        boolean dropped = m.containsKey("dropped") && yaml.bool(m.get("dropped").getValueNode(), "dropped");
        switch (kind) {
            case "spawn": {
                Boolean tty = m.containsKey("tty") ? yaml.bool(m.get("tty").getValueNode(), "tty") : null;
                return new Action.Spawn(as, yaml.text(value, "spawn"), args, optText(m, "id"), tty,
                        optText(m, "container"), optText(m, "user"), dropped);
            }
            case "open":
            case "write":
                return new Action.Open(as, yaml.text(value, kind), kind.equals("write"));
            case "connect": {
                boolean udp = false;
                if (m.containsKey("proto")) {
                    String proto = yaml.text(m.get("proto").getValueNode(), "proto");
                    if (!proto.equals("tcp") && !proto.equals("udp")) {
                        throw yaml.bad(m.get("proto").getValueNode(), YamlNodes.SCHEMA, "proto must be tcp or udp");
                    }
                    udp = proto.equals("udp");
                }
                return new Action.Connect(as, yaml.text(value, "connect"), udp);
            }
            case "exec":
                return new Action.Exec(as, yaml.text(value, "exec"), args, dropped);
            case "exit":
                if (!yaml.bool(value, "exit")) {
                    throw yaml.bad(value, YamlNodes.SCHEMA, "write 'exit: true' to end the process");
                }
                return new Action.Exit(as);
            default:
                return rawEvent(as, value);
        }
    }

    private Action rawEvent(String as, Node value) {
        Object json = yaml.json(value);
        if (!(json instanceof Map<?, ?>)) {
            throw yaml.bad(value, BAD_EVENT, "event must be an object of the JSON Lines event format");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) json;
        Map<String, Object> probe = new LinkedHashMap<>(map);
        probe.putIfAbsent("ts", EventExpansion.BASE_TS);
        if (as != null) {
            probe.putIfAbsent("tid", 1L);
        }
        EventJsonReader.Line line = new EventJsonReader().parse(JsonWriter.write(probe), new Event());
        if (line instanceof EventJsonReader.Line.Malformed bad) {
            throw yaml.bad(value, BAD_EVENT, "this event cannot be used: " + bad.reason());
        }
        return new Action.RawEvent(as, map);
    }
}
