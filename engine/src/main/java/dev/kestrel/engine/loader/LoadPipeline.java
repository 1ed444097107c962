package dev.kestrel.engine.loader;

import dev.kestrel.core.condition.ast.Expr;
import dev.kestrel.core.condition.parser.ConditionParser;
import dev.kestrel.core.condition.parser.ConditionSyntaxException;
import dev.kestrel.core.condition.parser.ParseOptions;
import dev.kestrel.engine.loader.Collected.ListDef;
import dev.kestrel.engine.loader.Collected.MacroDef;
import dev.kestrel.engine.loader.Collected.RuleDef;
import dev.kestrel.engine.loader.ListExpander.ExpandedList;
import dev.kestrel.engine.loader.MacroResolver.ParsedMacro;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Falco's compile step over everything collected: expand lists, parse and resolve macros, then for
 * each rule fold in exceptions, substitute lists, parse, expand macros and run the checks. Every
 * rule is handled on its own, so one broken rule does not hide the errors of the next.
 */
final class LoadPipeline {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LoadPipeline.class);

    private final RuleCollector collector;
    private final Diagnostics diagnostics;
    private final LoaderLimits limits;
    private final RuleChecks checks;
    private final ParseOptions parseOptions;
    private final Set<String> usedLists = new HashSet<>();
    private final Set<String> usedMacros = new HashSet<>();
    /** What is left of maxExpandedChars for the conditions of this load, lists substituted. */
    private int expandedLeft;
    private boolean expansionReported;

    LoadPipeline(RuleCollector collector, Diagnostics diagnostics, LoaderLimits limits, RuleChecks checks) {
        this.collector = collector;
        this.diagnostics = diagnostics;
        this.limits = limits;
        this.checks = checks;
        this.parseOptions = new ParseOptions(limits.maxConditionDepth());
        this.expandedLeft = limits.maxExpandedChars();
    }

    List<LoadedRule> run() {
        Map<String, ExpandedList> lists = ListExpander.expand(collector.lists(), usedLists);
        Map<String, ParsedMacro> macros = parseMacros(lists);
        MacroResolver resolver = new MacroResolver(macros, collector.brokenNames("macro"), limits);
        for (MacroDef m : collector.macros().values()) {
            ParsedMacro parsed = macros.get(m.name);
            if (parsed.ast() != null) {
                MacroResolver.Resolution r = resolver.resolveMacro(parsed.ast(), parsed.text(), m.visibility, m.name);
                usedMacros.addAll(r.reached());
                r.errors().forEach(diagnostics::add);
            }
        }
        checks.useMacros(macros);
        List<LoadedRule> loaded = new ArrayList<>();
        int order = 0;
        for (RuleDef rule : collector.rules().values()) {
            int position = order++;
            if (!rule.unknownSource) {
                try {
                    LoadedRule r = compileRule(rule, lists, resolver, position);
                    if (r != null) {
                        loaded.add(r);
                    }
                } catch (RuntimeException e) {
                    // A bug of ours must not take the host down: one sentence for the user, the trace in the debug log.
                    LOG.debug("internal error while loading rule '{}'", rule.name, e);
                    diagnostics.error(rule.spot, DiagnosticCode.LOAD_ERR_VALIDATE, "Kestrel could not check rule '"
                            + rule.name + "' (internal error: " + e.getClass().getSimpleName()
                            + "); please report it with the rule");
                }
            }
        }
        if (diagnostics.errorCount() == 0) {
            warnUnused(); // with errors, broken items would make used macros and lists look unused
        }
        return loaded;
    }

    private Map<String, ParsedMacro> parseMacros(Map<String, ExpandedList> lists) {
        Map<String, ParsedMacro> parsed = new LinkedHashMap<>();
        for (MacroDef m : collector.macros().values()) {
            MappedText text = substitute(m.condition, lists);
            parsed.put(m.name, new ParsedMacro(m.name, m.index, text == null ? null : parse(text, m.condition),
                    text == null ? m.condition : text));
        }
        return parsed;
    }

    private LoadedRule compileRule(RuleDef rule, Map<String, ExpandedList> lists, MacroResolver resolver,
            int order) {
        rule.output = withoutContainerInfo(rule);
        Set<String> exceptionFields = new TreeSet<>();
        MappedText folded = ExceptionCompiler.fold(rule.condition, rule.exceptions, exceptionFields);
        MappedText text = substitute(folded, lists);
        if (text == null) {
            return null;
        }
        Expr ast = parse(text, folded);
        if (ast == null) {
            return null;
        }
        MacroResolver.Resolution resolution = resolver.resolveRule(ast, text, collector.macroHorizon(rule), rule.name);
        usedMacros.addAll(resolution.reached());
        resolution.errors().forEach(diagnostics::add);
        if (resolution.expr() == null) {
            return null;
        }
        if (!checks.check(rule, ast, text, resolution)) {
            return null;
        }
        return new LoadedRule(rule.name, rule.desc, resolution.expr(), text.text(), rule.output.text(),
                rule.priority, rule.tags, rule.enabled, rule.source, rule.warnEvttypes, rule.skipIfUnknownFilter,
                List.copyOf(exceptionFields), rule.spot.file(), rule.spot.line(), order, locator(text));
    }

    /**
     * Falco drops {@code %container.info} from outputs (its container plugin adds container fields
     * itself) with a LOAD_DEPRECATED_ITEM warning; so does Kestrel.
     */
    private MappedText withoutContainerInfo(RuleDef rule) {
        String marker = "%container.info";
        MappedText output = rule.output;
        int at = output.text().indexOf(marker);
        if (at < 0) {
            return output;
        }
        diagnostics.warning(output.spotAt(at), DiagnosticCode.LOAD_DEPRECATED_ITEM, "%container.info is deprecated"
                + " and no more useful, and will be dropped by Falco 1.0.0. The container plugin will automatically"
                + " add required fields to the output message.");
        MappedText.Builder b = new MappedText.Builder();
        int from = 0;
        while (at >= 0) {
            b.append(output, from, at);
            from = at + marker.length();
            at = output.text().indexOf(marker, from);
        }
        b.append(output, from, output.length());
        return b.build();
    }

    /** Maps every character of a rule's condition text to its file, line and column. */
    private static ConditionLocator locator(MappedText text) {
        return (offset, code, message) -> {
            Spot spot = text.spotAt(offset);
            return Diagnostic.of(code, message, spot.file(), spot.line(), spot.column());
        };
    }

    /** Substitutes lists into a condition; null (and an error) when it grows too large. */
    private MappedText substitute(MappedText condition, Map<String, ExpandedList> lists) {
        try {
            MappedText out = ListSubstitution.apply(condition, lists.values(), usedLists, Math.max(0, expandedLeft));
            if (out.length() <= expandedLeft) {
                expandedLeft -= out.length();
                return out;
            }
        } catch (ListSubstitution.TooLarge e) {
            // reported below
        }
        expandedLeft = 0;
        if (expansionReported) {
            return null; // once is enough: every later condition fails the same way
        }
        expansionReported = true;
        diagnostics.error(condition.spotAt(0), DiagnosticCode.LOAD_ERR_COMPILE_CONDITION, "the conditions of these rules grow"
                + " beyond " + limits.maxExpandedChars() + " characters in all once lists are substituted (the limit"
                + " maxRulesExpandedChars)");
        return null;
    }

    /** Parses a condition; a syntax error is reported at its place in the file and gives null. */
    private Expr parse(MappedText text, MappedText beforeLists) {
        try {
            return ConditionParser.parse(text.text(), parseOptions);
        } catch (ConditionSyntaxException e) {
            int offset = e.position().offset();
            Spot spot = text.spotAt(offset);
            String reason = e.reason();
            if (!text.text().equals(beforeLists.text())) {
                // The text the parser saw differs from the file: show it, lists are the usual culprit.
                reason += " (in the condition with lists substituted: \"" + excerpt(text.text(), offset) + "\")";
            }
            diagnostics.error(spot, DiagnosticCode.LOAD_ERR_COMPILE_CONDITION, reason);
        } catch (StackOverflowError e) {
            diagnostics.error(text.spotAt(0), DiagnosticCode.LOAD_ERR_COMPILE_CONDITION,
                    "the condition nests too deeply to be parsed");
        }
        return null;
    }

    private static String excerpt(String text, int offset) {
        int from = Math.max(0, Math.min(offset, text.length()) - 30);
        int to = Math.min(text.length(), Math.max(offset, 0) + 30);
        String cut = text.substring(from, to).replaceAll("\\s+", " ").trim();
        return (from > 0 ? "..." : "") + cut + (to < text.length() ? "..." : "");
    }

    private void warnUnused() {
        for (MacroDef m : collector.macros().values()) {
            if (!usedMacros.contains(m.name)) {
                diagnostics.warning(m.spot, DiagnosticCode.LOAD_UNUSED_MACRO,
                        "Macro '" + m.name + "' is not referred to by any rule or macro");
            }
        }
        for (ListDef l : collector.lists().values()) {
            if (!usedLists.contains(l.name)) {
                diagnostics.warning(l.spot, DiagnosticCode.LOAD_UNUSED_LIST,
                        "List '" + l.name + "' is not referred to by any rule, macro or list");
            }
        }
    }
}
