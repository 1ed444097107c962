package dev.kestrel.engine.compiler;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * A few idle evaluators kept for {@link CompiledRuleset#evaluate}, so callers that do not hold their own
 * evaluator still reuse scratch. Lock-free: borrowing takes any idle one (or makes a new one when all are
 * busy); giving back parks it in a free place or lets it go.
 */
final class EvaluatorPool {
    private final AtomicReferenceArray<Evaluator> idle;
    private final Supplier<Evaluator> factory;

    EvaluatorPool(int size, Supplier<Evaluator> factory) {
        this.idle = new AtomicReferenceArray<>(size);
        this.factory = factory;
    }

    Evaluator borrow() {
        for (int i = 0; i < idle.length(); i++) {
            if (idle.get(i) != null) {
                Evaluator e = idle.getAndSet(i, null);
                if (e != null) {
                    return e;
                }
            }
        }
        return factory.get();
    }

    void giveBack(Evaluator e) {
        for (int i = 0; i < idle.length(); i++) {
            if (idle.get(i) == null && idle.compareAndSet(i, null, e)) {
                return;
            }
        }
    }
}
