package dev.kestrel.testkit;

import dev.kestrel.core.field.FieldCatalogue;
import dev.kestrel.engine.loader.Diagnostic;
import dev.kestrel.engine.loader.DiagnosticCode;
import dev.kestrel.engine.loader.LoadResult;
import dev.kestrel.engine.loader.LoadedRule;
import dev.kestrel.engine.loader.RulesLoader;
import dev.kestrel.engine.loader.RulesSource;
import dev.kestrel.engine.loader.Spot;
import dev.kestrel.engine.runtime.RuleMatching;
import dev.kestrel.engine.runtime.RulesLoadException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs rule test files: loads each file's rules once (plus the extra rules files given), checks
 * that every expected rule exists, then runs each test on a fresh state and compares the alerts.
 * Compiled rules are shared by files naming the same rules. Thread-safe; close it when done.
 */
public final class RuleTestRunner implements AutoCloseable {

    private record EngineKey(List<RulesSource> rules, RuleMatching matching, Set<String> fields) {
    }

    /** A file ready to run: its rules compiled, its names checked. */
    public static final class Prepared {
        private final RuleTestFile file;
        private final KitEngine engine;

        private Prepared(RuleTestFile file, KitEngine engine) {
            this.file = file;
            this.engine = engine;
        }

        public RuleTestFile file() {
            return file;
        }
    }

    private final List<Path> extraRules;
    private final Map<EngineKey, KitEngine> engines = new HashMap<>();

    /** A runner adding {@code extraRules} (the {@code --rules} files) after each file's own rules. */
    public RuleTestRunner(List<Path> extraRules) {
        this.extraRules = List.copyOf(extraRules);
    }

    /** Reads, prepares and runs every test of {@code file}. */
    public List<TestOutcome> run(Path file) throws IOException, RuleTestFileException {
        Prepared p = prepare(RuleTestFile.read(file));
        List<TestOutcome> out = new ArrayList<>();
        for (RuleTestCase c : p.file.tests()) {
            out.add(run(p, c));
        }
        return out;
    }

    /**
     * Loads and compiles the rules of {@code file} and checks the rule names its tests expect.
     *
     * @throws RuleTestFileException for a rules file that cannot be read or loaded, no rules at all,
     *                               or an expected rule that no loaded rule has
     */
    public Prepared prepare(RuleTestFile file) throws RuleTestFileException {
        List<Diagnostic> problems = new ArrayList<>();
        List<RulesSource> sources = new ArrayList<>();
        for (RuleTestFile.RulesRef ref : file.rules()) {
            read(ref.path(), ref.spot(), problems, sources);
        }
        for (Path p : extraRules) {
            read(p, new Spot(p.toString(), 1, 1), problems, sources);
        }
        if (problems.isEmpty() && sources.isEmpty()) {
            problems.add(new Spot(file.path().toString(), 1, 1).error(DiagnosticCode.LOAD_ERR_VALIDATE,
                    "no rules to test: name rules files under 'rules:' or give --rules FILE"));
        }
        if (!problems.isEmpty()) {
            throw new RuleTestFileException(problems);
        }
        LoadResult loaded = new RulesLoader(FieldCatalogue.load(RuleTestRunner.class.getClassLoader())).load(sources);
        if (!loaded.ok()) {
            throw new RuleTestFileException(loaded.errors());
        }
        Set<String> names = new LinkedHashSet<>();
        loaded.rules().stream().map(LoadedRule::name).forEach(names::add);
        Set<String> fields = new LinkedHashSet<>();
        for (RuleTestCase c : file.tests()) {
            for (int i = 0; i < c.expect().size(); i++) {
                ExpectedAlert e = c.expect().get(i);
                fields.addAll(e.outputFields().keySet());
                if (!names.contains(e.rule())) {
                    problems.add(c.expectSpots().get(i).error(DiagnosticCode.LOAD_ERR_VALIDATE, "no loaded rule is named '"
                            + e.rule() + "'" + YamlNodes.suggest(e.rule(), names).replace(" (known: ", " (rules: ")));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new RuleTestFileException(problems);
        }
        try {
            return new Prepared(file, engine(new EngineKey(List.copyOf(sources), file.ruleMatching(), fields)));
        } catch (RulesLoadException e) {
            throw new RuleTestFileException(e.errors());
        }
    }

    /** Runs one test of a prepared file. */
    public TestOutcome run(Prepared prepared, RuleTestCase test) {
        List<Map<String, Object>> events = EventExpansion.expand(test.world(), test.actions());
        KitEngine.Run run = prepared.engine.run(events);
        List<String> problems = new ArrayList<>(run.skipped());
        problems.addAll(AlertExpectations.check(test.expect(), run.alerts(), test.allowOtherAlerts()));
        List<String> lines = EventExpansion.lines(events);
        return new TestOutcome(prepared.file.path().toString(), test.name(), problems.isEmpty(), run.alerts(),
                problems, lines);
    }

    private synchronized KitEngine engine(EngineKey key) {
        KitEngine e = engines.get(key);
        if (e == null) {
            e = new KitEngine(key.rules(), key.matching(), List.copyOf(key.fields()));
            engines.put(key, e);
        }
        return e;
    }

    private static void read(Path p, Spot at, List<Diagnostic> problems, List<RulesSource> into) {
        try {
            into.add(RulesSource.of(p));
        } catch (NoSuchFileException e) {
            problems.add(at.error(DiagnosticCode.LOAD_ERR_FILE_READ, "no such rules file: " + p));
        } catch (CharacterCodingException e) {
            problems.add(at.error(DiagnosticCode.LOAD_ERR_FILE_READ, "rules file " + p + " is not valid UTF-8 text"));
        } catch (IOException e) {
            problems.add(at.error(DiagnosticCode.LOAD_ERR_FILE_READ, "cannot read rules file " + p + ": " + e.getMessage()));
        }
    }

    @Override
    public synchronized void close() {
        engines.values().forEach(KitEngine::close);
        engines.clear();
    }
}
