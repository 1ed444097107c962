package dev.kestrel.engine.runtime;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.kestrel.engine.loader.Diagnostic;
import dev.kestrel.engine.loader.DiagnosticCode;
import dev.kestrel.engine.loader.RulesSource;
import dev.kestrel.engine.yaml.BoundedTextFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules an engine runs, one generation at a time: read from its inputs, compiled per event form on first
 * use, and swapped whole by a reload that loads and compiles (compiled rulesets are kept by their sources, so
 * unchanged files cost nothing). Thread-safe: readers take {@link #current()}, a reload replaces it atomically.
 */
final class RulesGenerations {

    private static final Logger LOG = LoggerFactory.getLogger(RulesGenerations.class);

    /** One loaded set of rules: its sources and its compiled forms, filled on first use. */
    static final class Generation {
        final List<RulesSource> sources;
        volatile ActiveRules syscall;
        volatile ActiveRules fieldValues;

        Generation(List<RulesSource> sources) {
            this.sources = List.copyOf(sources);
        }
    }

    private record CacheKey(List<RulesSource> sources, EventForm form) {
    }

    private final List<KestrelBuilder.RulesInput> inputs;
    private final RulesActivation activation;
    private final Parts parts;
    private final EventForm primaryForm;
    private final boolean logReloadFailures;
    private final int maxFileBytes;
    private final Cache<CacheKey, ActiveRules> compiled = Caffeine.newBuilder().maximumSize(16).build();
    private volatile Generation current;

    /**
     * Reads {@code inputs} and compiles them for {@code primaryForm}.
     *
     * @throws RulesLoadException when a file cannot be read or the rules do not load and compile
     */
    RulesGenerations(List<KestrelBuilder.RulesInput> inputs, RulesActivation activation, Parts parts, EventForm primaryForm,
                     boolean logReloadFailures, int maxFileBytes) {
        this.inputs = List.copyOf(inputs);
        this.activation = activation;
        this.parts = parts;
        this.primaryForm = primaryForm;
        this.logReloadFailures = logReloadFailures;
        this.maxFileBytes = maxFileBytes;
        Generation first = new Generation(readInputs());
        rulesFor(first, primaryForm);
        this.current = first;
    }

    /** The generation now running. */
    Generation current() {
        return current;
    }

    /** The rules of generation {@code g} compiled for {@code form}, compiling them on first use. */
    ActiveRules rulesFor(Generation g, EventForm form) {
        ActiveRules known = form == EventForm.SYSCALL ? g.syscall : g.fieldValues;
        if (known != null) {
            return known;
        }
        CacheKey key = new CacheKey(g.sources, form);
        ActiveRules rules = compiled.getIfPresent(key);
        if (rules == null) {
            rules = activation.activate(g.sources,
                    form == EventForm.SYSCALL ? parts.stateBinder() : parts.fieldValueBinder());
            compiled.put(key, rules);
        }
        if (form == EventForm.SYSCALL) {
            g.syscall = rules;
        } else {
            g.fieldValues = rules;
        }
        return rules;
    }

    /** Reads the inputs again and swaps them in if they load; {@code enabledNow} is reported when they do not. */
    ReloadResult reload(long enabledNow) {
        try {
            return reload(readInputs(), enabledNow);
        } catch (RulesLoadException e) {
            return new ReloadResult(false, false, enabledNow, e.errors(), e.warnings());
        }
    }

    /** Swaps in {@code sources} if they load and compile; else the running rules stay and the result says why. */
    ReloadResult reload(List<RulesSource> sources, long enabledNow) {
        Generation next = new Generation(sources);
        boolean unchanged = compiled.getIfPresent(new CacheKey(next.sources, primaryForm)) != null;
        try {
            ActiveRules rules = rulesFor(next, primaryForm);
            current = next;
            return new ReloadResult(true, unchanged, rules.enabledRules(), List.of(), rules.warnings());
        } catch (RulesLoadException e) {
            if (logReloadFailures) {
                LOG.warn("rules reload failed; the previous rules stay active:\n{}", e.getMessage());
            }
            return new ReloadResult(false, false, enabledNow, e.errors(), e.warnings());
        }
    }

    private List<RulesSource> readInputs() {
        List<RulesSource> sources = new ArrayList<>();
        List<Diagnostic> errors = new ArrayList<>();
        for (KestrelBuilder.RulesInput in : inputs) {
            if (in.text() != null) {
                sources.add(in.text());
                continue;
            }
            try {
                sources.add(RulesSource.of(in.path(), maxFileBytes));
            } catch (IOException e) {
                errors.add(new Diagnostic(Diagnostic.Severity.ERROR, DiagnosticCode.LOAD_ERR_FILE_READ,
                        "cannot read the rules file: " + BoundedTextFile.whyUnreadable(e), in.path().toString(), 1, 1));
            }
        }
        if (!errors.isEmpty()) {
            throw new RulesLoadException(errors, List.of());
        }
        return sources;
    }
}
