package dev.kestrel.bench;

import dev.kestrel.bench.baseline.CatalogueFields;
import dev.kestrel.bench.baseline.NamedCondition;
import dev.kestrel.bench.baseline.UnsupportedConditionException;
import dev.kestrel.bench.stream.GeneratedStream;
import dev.kestrel.bench.stream.StreamEvents;
import dev.kestrel.core.condition.ast.Expr;
import dev.kestrel.core.condition.ast.Operand;
import dev.kestrel.core.field.FieldAccessor;
import dev.kestrel.core.field.IpAddress;
import dev.kestrel.engine.compiler.CompiledRuleset;
import dev.kestrel.fields.state.StateContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Field extraction alone: every distinct field the official and custom rules read, extracted once
 * per event through its bound accessor, on the prepared contexts of the generated stream. It bounds
 * what evaluation could cost if every rule ran; the index and short-circuits make the real cost lower.
 *
 * <pre>java -jar bench/target/benchmarks.jar FieldExtractionBenchmark -prof gc</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(BenchStreams.BATCH)
public class FieldExtractionBenchmark {
    private StateContext[] contexts;
    private FieldAccessor[] accessors;
    private int cursor;

    @Setup
    public void prepare() throws UnsupportedConditionException {
        BenchSetup setup = new BenchSetup();
        CompiledRuleset ruleset = setup.compile(setup.load(BenchRules.officialAndUser()));
        Map<String, Operand.Field> fields = new LinkedHashMap<>();
        for (NamedCondition c : BenchSetup.conditions(ruleset)) {
            collect(c.condition(), fields);
        }
        CatalogueFields resolver = new CatalogueFields(setup.catalogue(), setup.catalogue().binder());
        List<FieldAccessor> bound = new ArrayList<>();
        for (Operand.Field f : fields.values()) {
            FieldAccessor a = resolver.resolve(f);
            if (a instanceof FieldAccessor.OfEndpoints ends) {
                bound.add(ends.client());
                bound.add(ends.server());
            } else {
                bound.add(a);
            }
        }
        accessors = bound.toArray(new FieldAccessor[0]);
        GeneratedStream stream = BenchStreams.stream();
        contexts = BenchSetup.frozenContexts(BenchSetup.stateFor(stream), StreamEvents.body(stream));
    }

    private static void collect(Expr e, Map<String, Operand.Field> out) {
        if (e instanceof Expr.And a) {
            a.children().forEach(c -> collect(c, out));
        } else if (e instanceof Expr.Or o) {
            o.children().forEach(c -> collect(c, out));
        } else if (e instanceof Expr.Not n) {
            collect(n.operand(), out);
        } else if (e instanceof Expr.Exists x && x.left() instanceof Operand.Field f) {
            out.putIfAbsent(f.text(), f);
        } else if (e instanceof Expr.Comparison c && c.left() instanceof Operand.Field f) {
            out.putIfAbsent(f.text(), f);
        }
    }

    @Benchmark
    public void extract(Blackhole bh) {
        for (int i = 0; i < BenchStreams.BATCH; i++) {
            StateContext c = contexts[cursor];
            if (++cursor == contexts.length) {
                cursor = 0;
            }
            for (FieldAccessor a : accessors) {
                read(a, c, bh);
            }
        }
    }

    private static void read(FieldAccessor a, StateContext c, Blackhole bh) {
        if (a instanceof FieldAccessor.OfString s) {
            bh.consume(s.get(c));
        } else if (a instanceof FieldAccessor.OfLong l) {
            if (l.present(c)) {
                bh.consume(l.get(c));
            }
        } else if (a instanceof FieldAccessor.OfBool b) {
            if (b.present(c)) {
                bh.consume(b.get(c));
            }
        } else if (a instanceof FieldAccessor.OfIp ip) {
            IpAddress v = ip.get(c);
            bh.consume(v);
        } else if (a instanceof FieldAccessor.OfDouble d) {
            if (d.present(c)) {
                bh.consume(d.get(c));
            }
        } else {
            bh.consume(a.present(c));
        }
    }
}
