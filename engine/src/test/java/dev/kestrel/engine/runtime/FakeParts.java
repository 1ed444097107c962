package dev.kestrel.engine.runtime;

import dev.kestrel.core.Priority;
import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventContext;
import dev.kestrel.core.field.FieldBinder;
import dev.kestrel.core.field.FieldType;
import dev.kestrel.engine.loader.Diagnostic;
import dev.kestrel.engine.loader.DiagnosticCode;
import dev.kestrel.engine.loader.LoadResult;
import dev.kestrel.engine.loader.LoadedRule;
import dev.kestrel.engine.loader.RulesSource;
import dev.kestrel.engine.output.FieldLookup;
import dev.kestrel.engine.output.TestFields;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the loader, compiler and state. Rules text has one rule per line:
 * {@code name|priority|tag,tag|field=value|output} (a leading {@code !} on the name: disabled);
 * a line {@code ERROR} is a load error. A rule matches when the field has that value.
 */
final class FakeParts implements Parts {

    static final FieldBinder STATE = ref -> null;
    static final FieldBinder FIELD_VALUES = ref -> null;

    final AtomicInteger compiles = new AtomicInteger();
    final AtomicInteger resets = new AtomicInteger();
    final List<FieldBinder> compiledWith = new ArrayList<>();
    final Map<Long, Map<String, Object>> stateByTid = new ConcurrentHashMap<>();
    volatile RuntimeException evaluationFailure;

    @Override
    public LoadResult load(List<RulesSource> sources) {
        List<LoadedRule> rules = new ArrayList<>();
        List<Diagnostic> errors = new ArrayList<>();
        for (RulesSource s : sources) {
            String[] lines = s.content().split("\n");
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].trim();
                if (line.isEmpty()) {
                    continue;
                }
                if (line.equals("ERROR")) {
                    errors.add(new Diagnostic(Diagnostic.Severity.ERROR, DiagnosticCode.LOAD_ERR_YAML_PARSE, "broken", s.name(), i + 1, 1));
                    continue;
                }
                String[] p = line.split("\\|", -1);
                boolean enabled = !p[0].startsWith("!");
                String name = enabled ? p[0] : p[0].substring(1);
                TreeSet<String> tags = new TreeSet<>(p[2].isEmpty() ? List.of() : Arrays.asList(p[2].split(",")));
                rules.add(new LoadedRule(name, "", null, p[3], p[4], Priority.parse(p[1]), tags, enabled, "syscall",
                        true, false, List.of(), s.name(), i + 1, rules.size()));
            }
        }
        return new LoadResult(rules, 0, 0, errors, List.of(), sources.stream().map(RulesSource::name).toList());
    }

    @Override
    public Program compile(LoadResult loaded, List<LoadedRule> rules, FieldBinder binder) {
        compiles.incrementAndGet();
        compiledWith.add(binder);
        return new Program() {
            @Override
            public int evaluate(EventContext ctx, Matches matches, boolean firstOnly) {
                if (evaluationFailure != null) {
                    throw evaluationFailure;
                }
                int n = 0;
                for (LoadedRule r : rules) {
                    String[] check = r.conditionText().split("=", 2);
                    Object v = ((TestFields.Context) ctx).values().get(check[0]);
                    if (v != null && v.toString().equals(check[1])) {
                        matches.onMatch(r, ctx);
                        n++;
                        if (firstOnly) {
                            break;
                        }
                    }
                }
                return n;
            }

            @Override
            public Object identity() {
                return this;
            }
        };
    }

    @Override
    public FieldLookup outputFields(FieldBinder binder) {
        return new TestFields(Map.of("proc.name", FieldType.STRING, "fd.name", FieldType.STRING));
    }

    @Override
    public FieldBinder stateBinder() {
        return STATE;
    }

    @Override
    public FieldBinder fieldValueBinder() {
        return FIELD_VALUES;
    }

    @Override
    public EventContext apply(Event event) {
        if (event.type() == null) {
            throw new SkippedEventException("event without a type");
        }
        return new TestFields.Context(event, stateByTid.getOrDefault(event.tid(), Map.of()));
    }

    @Override
    public void resetState() {
        resets.incrementAndGet();
    }

    @Override
    public EventContext fieldValues(Map<String, Object> fields) {
        return new TestFields.Context(new Event(), fields);
    }
}
