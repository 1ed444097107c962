package dev.kestrel.response;

import dev.kestrel.core.Priority;
import dev.kestrel.engine.loader.Diagnostic;
import dev.kestrel.engine.loader.DiagnosticCode;
import dev.kestrel.engine.loader.Spot;
import dev.kestrel.engine.loader.YamlDocuments;
import dev.kestrel.engine.loader.YamlLimits;
import dev.kestrel.engine.loader.YamlSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a Falco Talon rules file: {@code - action:} definitions and {@code - rule:} entries with
 * {@code match}, {@code actions}, {@code continue} and {@code dry_run}. Items of the same name
 * extend the earlier one, as Talon merges them. Every problem is a {@link Diagnostic} with file,
 * line and column; the rules are usable only when no error was reported. Not thread-safe.
 */
final class TalonRulesReader {

    static final YamlLimits LIMITS = new YamlLimits(4 << 20, 64, 100);

    private static final Set<String> ACTION_KEYS =
            Set.of("action", "description", "actionner", "continue", "ignore_errors", "parameters");
    private static final Set<String> ACTION_UNSUPPORTED = Set.of("output", "additional_contexts");
    private static final Set<String> RULE_KEYS = Set.of("rule", "description", "match", "actions", "continue", "dry_run");
    private static final Set<String> RULE_UNSUPPORTED = Set.of("notifiers");
    private static final Set<String> MATCH_KEYS = Set.of("rules", "priority", "source", "tags", "output_fields");
    private static final Pattern PRIORITY =
            Pattern.compile("(?i)(<=|>=|<|>|=)?(debug|informational|notice|warning|error|critical|alert|emergency)");
    private static final Pattern TAG = Pattern.compile("(?i)[a-z_0-9.]*[a-z0-9]");
    private static final Pattern FIELD_KEY = Pattern.compile("[A-Za-z0-9._\\[\\]-]+");

    /** An action as written, before definitions are merged in; null fields were not given. */
    private static final class Draft {
        final String name;
        final Spot spot;
        String description;
        String actionner;
        Spot actionnerSpot;
        Boolean continueAfter;
        Boolean ignoreErrors;
        final Map<String, Object> parameters = new LinkedHashMap<>();
        final Map<String, Spot> parameterSpots = new LinkedHashMap<>();

        Draft(String name, Spot spot) {
            this.name = name;
            this.spot = spot;
        }

        /** Fills what this draft leaves unset from {@code other}; parameters merge (maps by key, lists appended). */
        void fillFrom(Draft other, boolean otherWins) {
            if (otherWins ? other.description != null : description == null) {
                description = other.description;
            }
            if (otherWins ? other.actionner != null : actionner == null) {
                actionner = other.actionner;
                actionnerSpot = other.actionnerSpot;
            }
            if (otherWins ? other.continueAfter != null : continueAfter == null) {
                continueAfter = other.continueAfter;
            }
            if (otherWins ? other.ignoreErrors != null : ignoreErrors == null) {
                ignoreErrors = other.ignoreErrors;
            }
            other.parameters.forEach((k, v) -> {
                Object mine = parameters.get(k);
                Object merged = mergeParameter(otherWins ? mine : v, otherWins ? v : mine);
                parameters.put(k, merged);
                if (otherWins || !parameterSpots.containsKey(k)) {
                    parameterSpots.put(k, other.parameterSpots.get(k));
                }
            });
        }
    }

    /** A rule as written, before same-named rules are merged. */
    private static final class RuleDraft {
        final String name;
        final Spot spot;
        String description;
        MatchCriteria match;
        Spot tagsSpot;
        final List<Draft> actions = new ArrayList<>();
        Boolean continueAfter;
        Boolean dryRun;

        RuleDraft(String name, Spot spot) {
            this.name = name;
            this.spot = spot;
        }
    }

    private final Map<String, Actionner> actionners;
    private final Consumer<Diagnostic> report;

    /**
     * @param actionners the actionners rules may name, by name
     * @param report receives every error and warning
     */
    TalonRulesReader(Map<String, Actionner> actionners, Consumer<Diagnostic> report) {
        this.actionners = actionners;
        this.report = report;
    }

    /** The rules of the file, or null when it has errors (all reported). */
    List<ResponseRule> read(String fileName, String content) {
        YamlSource source = new YamlSource(fileName, content);
        int[] parseErrors = {0};
        List<Node> documents = YamlDocuments.compose(source, content, LIMITS, YamlTree.PARSE, d -> {
            parseErrors[0]++;
            report.accept(d);
        });
        if (documents == null) {
            return null;
        }
        YamlTree tree = new YamlTree(source, report);
        Map<String, Draft> definitions = new LinkedHashMap<>();
        Map<String, RuleDraft> rules = new LinkedHashMap<>();
        for (Node doc : documents) {
            if (doc == null || YamlTree.isNull(doc)) {
                continue;
            }
            if (!(doc instanceof SequenceNode seq)) {
                tree.error(source.spotOf(doc), "a response rules file must be a list of '- action:' and '- rule:' items");
                continue;
            }
            for (Node element : seq.getValue()) {
                try {
                    readItem(tree, element, definitions, rules);
                } catch (YamlTree.Abandon e) {
                    // reported; go on with the next item
                }
            }
        }
        List<ResponseRule> out = new ArrayList<>();
        for (RuleDraft r : rules.values()) {
            ResponseRule rule = resolve(tree, r, definitions);
            if (rule != null) {
                out.add(rule);
            }
        }
        return tree.errors() == 0 && parseErrors[0] == 0 ? out : null;
    }

    private void readItem(YamlTree tree, Node element, Map<String, Draft> definitions, Map<String, RuleDraft> rules) {
        YamlTree.Mapping item = tree.mapping(element, "each item");
        if (item.entries.containsKey("rule")) {
            item.warnUnknown("a rule", RULE_KEYS, RULE_UNSUPPORTED);
            RuleDraft r = readRule(tree, item);
            RuleDraft earlier = rules.get(r.name);
            if (earlier == null) {
                rules.put(r.name, r);
            } else {
                if (earlier.match.tags().size() == 1 && r.match.tags().size() == 1) {
                    warnTagEntries(tree, r.tagsSpot, r.name, concat(earlier.match.tags(), r.match.tags()));
                }
                extend(earlier, r);
            }
        } else if (item.entries.containsKey("action")) {
            item.warnUnknown("an action", ACTION_KEYS, ACTION_UNSUPPORTED);
            Draft d = readAction(tree, item, "an action");
            Draft earlier = definitions.get(d.name);
            if (earlier == null) {
                definitions.put(d.name, d);
            } else {
                earlier.fillFrom(d, true);
            }
        } else {
            tree.error(item.spot, "an item must be an action ('- action: NAME') or a rule ('- rule: NAME')");
        }
    }

    private static void extend(RuleDraft earlier, RuleDraft later) {
        if (later.description != null) {
            earlier.description = later.description;
        }
        if (later.continueAfter != null) {
            earlier.continueAfter = later.continueAfter;
        }
        if (later.dryRun != null) {
            earlier.dryRun = later.dryRun;
        }
        earlier.match = earlier.match.extendedBy(later.match);
        earlier.actions.addAll(later.actions);
    }

    private Draft readAction(YamlTree tree, YamlTree.Mapping item, String what) {
        Draft d = new Draft(item.required("action", what), item.valueSpot("action"));
        d.description = item.optional("description");
        d.actionner = item.optional("actionner");
        if (d.actionner != null) {
            d.actionnerSpot = item.valueSpot("actionner");
        }
        d.continueAfter = item.bool("continue");
        d.ignoreErrors = item.bool("ignore_errors");
        Node params = item.value("parameters");
        if (params != null && !YamlTree.isNull(params)) {
            YamlTree.Mapping p = tree.mapping(params, "'parameters'");
            p.entries.forEach((k, t) -> {
                d.parameters.put(k, tree.plain(t.getValueNode()));
                d.parameterSpots.put(k, tree.source.spotOf(t.getKeyNode()));
            });
        }
        return d;
    }

    private RuleDraft readRule(YamlTree tree, YamlTree.Mapping item) {
        RuleDraft r = new RuleDraft(item.required("rule", "a rule"), item.valueSpot("rule"));
        r.description = item.optional("description");
        r.continueAfter = item.bool("continue");
        r.dryRun = item.bool("dry_run");
        Node match = item.value("match");
        if (match == null || YamlTree.isNull(match)) {
            r.match = MatchCriteria.ANY;
        } else {
            YamlTree.Mapping m = tree.mapping(match, "'match'");
            r.match = readMatch(tree, m);
            if (m.value("tags") != null) {
                r.tagsSpot = m.valueSpot("tags");
                if (r.match.tags().size() > 1) {
                    warnTagEntries(tree, r.tagsSpot, r.name, r.match.tags());
                }
            }
        }
        for (Node a : item.list("actions")) {
            YamlTree.Mapping action = tree.mapping(a, "each entry of 'actions'");
            action.warnUnknown("an action of rule '" + r.name + "'", ACTION_KEYS, ACTION_UNSUPPORTED);
            r.actions.add(readAction(tree, action, "each entry of 'actions'"));
        }
        return r;
    }

    private MatchCriteria readMatch(YamlTree tree, YamlTree.Mapping match) {
        match.warnUnknown("'match'", MATCH_KEYS, Set.of());
        List<String> rules = new ArrayList<>();
        for (Node n : match.list("rules")) {
            rules.add(tree.text(n, "each entry of 'rules'"));
        }
        PriorityCondition priority = null;
        String p = match.optional("priority");
        if (p != null && !p.isEmpty()) {
            Matcher m = PRIORITY.matcher(p.trim());
            if (!m.matches()) {
                tree.error(match.valueSpot("priority"), "bad priority '" + p + "': write a priority (emergency, alert,"
                        + " critical, error, warning, notice, informational, debug), optionally after one of the"
                        + " comparators >, >=, <, <=, =");
                throw new YamlTree.Abandon();
            }
            priority = new PriorityCondition(m.group(1) == null ? "=" : m.group(1), Priority.parse(m.group(2)));
        }
        String source = match.optional("source");
        List<List<String>> tags = new ArrayList<>();
        for (Node n : match.list("tags")) {
            String entry = tree.text(n, "each entry of 'tags'");
            List<String> group = new ArrayList<>();
            for (String tag : entry.replace(" ", "").split(",", -1)) {
                if (!TAG.matcher(tag).matches()) {
                    tree.error(tree.source.spotOf(n), "bad tag '" + tag + "' in '" + entry
                            + "': tags are letters, digits, '_' and '.', separated by commas");
                    throw new YamlTree.Abandon();
                }
                group.add(tag);
            }
            tags.add(group);
        }
        List<List<FieldCondition>> fields = new ArrayList<>();
        for (Node n : match.list("output_fields")) {
            fields.add(readFieldGroup(tree, n));
        }
        return new MatchCriteria(rules, priority, source == null || source.isEmpty() ? null : source, tags, fields);
    }

    /**
     * Kestrel requires every tag of every entry of {@code match.tags}; Talon's code runs the rule when
     * any one entry has all its tags. A file written for Talon with several entries would act on
     * fewer alerts here, never more; the warning says so, so the difference is never silent.
     */
    private static void warnTagEntries(YamlTree tree, Spot at, String rule, List<List<String>> entries) {
        List<String> all = entries.stream().flatMap(List::stream).distinct().toList();
        List<String> written = entries.stream().map(e -> String.join(", ", e)).toList();
        tree.warning(at, DiagnosticCode.LOAD_COMPILE_CONDITION, "rule '" + rule + "' lists " + entries.size()
                + " entries in match.tags (" + String.join(" | ", written) + "): Falco Talon takes entries as alternatives"
                + " (any one entry with all its tags matches), Kestrel requires all of them (" + String.join(", ", all)
                + "); write one entry \"" + String.join(", ", all) + "\" to say so, or one rule per entry for Talon's meaning");
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** {@code key=value, key!=value, ...}: conditions that must all hold. */
    private List<FieldCondition> readFieldGroup(YamlTree tree, Node n) {
        String entry = tree.text(n, "each entry of 'output_fields'");
        ScalarNode scalar = (ScalarNode) n;
        Spot start = tree.source.spotOf(n);
        // a one-line entry: each comparison's column is the entry's plus its offset (after a quote)
        boolean oneLine = scalar.getStartMark().getLine() == scalar.getEndMark().getLine();
        int quote = scalar.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN ? 0 : 1;
        List<FieldCondition> group = new ArrayList<>();
        int from = 0;
        while (from <= entry.length()) {
            int comma = entry.indexOf(',', from);
            int to = comma < 0 ? entry.length() : comma;
            String piece = entry.substring(from, to);
            Spot at = oneLine ? start.plusColumns(quote + from) : start;
            group.add(readFieldCondition(tree, piece, at));
            if (comma < 0) {
                break;
            }
            from = comma + 1;
        }
        return group;
    }

    private static FieldCondition readFieldCondition(YamlTree tree, String piece, Spot at) {
        int eq = piece.indexOf('=');
        boolean notEqual = eq > 0 && piece.charAt(eq - 1) == '!';
        String key = eq < 0 ? piece.trim() : piece.substring(0, notEqual ? eq - 1 : eq).trim();
        String value = eq < 0 ? "" : piece.substring(eq + 1);
        if (eq < 0 || value.startsWith("=") || !FIELD_KEY.matcher(key).matches()) {
            tree.error(at, "bad output field comparison '" + piece.trim() + "': write FIELD=VALUE or FIELD!=VALUE"
                    + " (several in one entry separated by commas must all hold)");
            throw new YamlTree.Abandon();
        }
        return new FieldCondition(key, !notEqual, value.replace("\"", "").trim());
    }

    private ResponseRule resolve(YamlTree tree, RuleDraft r, Map<String, Draft> definitions) {
        if (r.actions.isEmpty()) {
            tree.error(r.spot, "rule '" + r.name + "' has no actions");
            return null;
        }
        List<RuleAction> actions = new ArrayList<>();
        for (Draft a : r.actions) {
            Draft definition = definitions.get(a.name);
            if (definition != null) {
                a.fillFrom(definition, false);
            }
            if (a.actionner == null) {
                tree.error(a.spot, "action '" + a.name + "' of rule '" + r.name + "' is not defined: add a '- action: "
                        + a.name + "' item with an 'actionner', or give one here");
                continue;
            }
            Actionner actionner = actionners.get(a.actionner);
            if (actionner == null) {
                tree.error(a.actionnerSpot, "unknown actionner '" + a.actionner + "'; Kestrel has "
                        + String.join(", ", actionners.keySet().stream().sorted().toList()));
                continue;
            }
            ActionParameters parameters = ActionParameters.of(a.parameters);
            for (String name : parameters.names()) {
                if (!actionner.parameterNames().contains(name)) {
                    tree.warning(a.parameterSpots.get(name), YamlTree.UNKNOWN_KEY, "parameter '" + name
                            + "' means nothing to " + actionner.name() + "; it is ignored");
                }
            }
            try {
                actionner.checkParameters(parameters);
            } catch (ActionParameters.InvalidParameterException e) {
                Spot at = a.parameterSpots.getOrDefault(e.parameter(), a.spot);
                tree.error(at, "action '" + a.name + "' (" + actionner.name() + "): " + e.getMessage());
                continue;
            } catch (IllegalArgumentException e) {
                tree.error(a.spot, "action '" + a.name + "' (" + actionner.name() + "): " + e.getMessage());
                continue;
            }
            actions.add(new RuleAction(a.name, a.description == null ? "" : a.description, actionner, parameters,
                    a.continueAfter, Boolean.TRUE.equals(a.ignoreErrors)));
        }
        return new ResponseRule(r.name, r.description == null ? "" : r.description, r.match, actions,
                !Boolean.FALSE.equals(r.continueAfter), Boolean.TRUE.equals(r.dryRun));
    }

    /**
     * Talon's parameter merge: maps merge key by key ({@code winner}'s entries win), lists append
     * ({@code base} first), single values: {@code winner}'s.
     */
    @SuppressWarnings("unchecked")
    static Object mergeParameter(Object base, Object winner) {
        if (winner == null) {
            return base;
        }
        if (base instanceof Map<?, ?> b && winner instanceof Map<?, ?> w) {
            Map<String, Object> m = new LinkedHashMap<>((Map<String, Object>) b);
            m.putAll((Map<String, Object>) w);
            return m;
        }
        if (base instanceof List<?> b && winner instanceof List<?> w) {
            List<Object> l = new ArrayList<>(b);
            l.addAll(w);
            return l;
        }
        return winner;
    }
}
