package dev.kestrel.engine.loader;

import dev.kestrel.core.field.FieldCatalogue;
import dev.kestrel.engine.yaml.BoundedTextFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Loads Falco rules files: reads each file's YAML, collects lists, macros and rules in file order
 * (later files amend earlier ones), then resolves every rule into a complete condition AST and
 * checks it against the field catalogue. Never throws for a broken file: every problem is a
 * {@link Diagnostic} in the {@link LoadResult}.
 *
 * <p>Unlike Falco, which stops at the first error of a file, the loader reports every error it
 * can: a broken item is skipped and each rule's condition is checked on its own.
 */
public final class RulesLoader {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RulesLoader.class);

    /** The event sources Kestrel evaluates rules for. */
    public static final Set<String> DEFAULT_SOURCES = Set.of("syscall");

    private final FieldCatalogue catalogue;
    private final LoaderLimits limits;
    private final Set<String> sources;

    /**
     * A loader with the default limits for the event sources the catalogue's field classes serve
     * ({@link dev.kestrel.core.field.FieldClass#eventSource()}; {@code syscall} when it has none).
     */
    public RulesLoader(FieldCatalogue catalogue) {
        this(catalogue, LoaderLimits.DEFAULTS, sourcesOf(catalogue));
    }

    /** The event sources the field classes of {@code catalogue} serve; {@code syscall} when there are none. */
    public static Set<String> sourcesOf(FieldCatalogue catalogue) {
        Set<String> sources = new TreeSet<>();
        catalogue.classes().forEach(c -> sources.add(c.eventSource()));
        return sources.isEmpty() ? DEFAULT_SOURCES : Set.copyOf(sources);
    }

    public RulesLoader(FieldCatalogue catalogue, LoaderLimits limits, Set<String> sources) {
        this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.sources = Set.copyOf(sources);
    }

    /** Loads rules files given as text, in order. */
    public LoadResult load(List<RulesSource> files) {
        return load(files, new Diagnostics());
    }

    /** Reads and loads rules files in order; a file that cannot be read is a LOAD_ERR_FILE_READ error. */
    public LoadResult loadPaths(List<Path> paths) {
        Diagnostics diagnostics = new Diagnostics();
        List<RulesSource> files = new ArrayList<>();
        for (Path path : paths) {
            try {
                files.add(RulesSource.of(path, limits.maxFileBytes()));
            } catch (IOException | SecurityException e) {
                diagnostics.error(new Spot(path.toString(), 1, 1), DiagnosticCode.LOAD_ERR_FILE_READ,
                        "Could not read the rules file: " + BoundedTextFile.whyUnreadable(e));
            }
        }
        return load(files, diagnostics);
    }

    private LoadResult load(List<RulesSource> files, Diagnostics diagnostics) {
        FieldNames fields = new FieldNames(catalogue);
        FieldNames checked = fields.isEmpty() ? null : fields;
        RuleCollector collector = new RuleCollector(sources, checked, diagnostics);
        RulesFileReader reader = new RulesFileReader(limits, diagnostics);
        List<String> names = new ArrayList<>();
        for (RulesSource file : files) {
            names.add(file.name());
            try {
                reader.read(file, collector);
            } catch (RuntimeException e) {
                // A bug of ours must not reach the host as an exception: report it against the file.
                LOG.debug("internal error while reading {}", file.name(), e);
                diagnostics.error(new Spot(file.name(), 1, 1), DiagnosticCode.LOAD_ERR_YAML_VALIDATE,
                        "Kestrel could not read this file (internal error: " + e.getClass().getSimpleName()
                                + "); please report it with the file");
            }
            collector.endFile();
        }
        if (checked != null) {
            PluginRequirements.check(collector.pluginRequirements(), catalogue, diagnostics);
        }
        RuleChecks checks = new RuleChecks(checked, collector.lists().keySet(), diagnostics);
        List<LoadedRule> rules = new LoadPipeline(collector, diagnostics, limits, checks).run();
        return new LoadResult(rules, collector.macros().size(), collector.lists().size(),
                distinct(diagnostics.errors()), distinct(diagnostics.warnings()), names);
    }

    private static List<Diagnostic> distinct(List<Diagnostic> list) {
        return new ArrayList<>(new LinkedHashSet<>(list));
    }
}
