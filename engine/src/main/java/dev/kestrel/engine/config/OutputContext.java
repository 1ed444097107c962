package dev.kestrel.engine.config;

import dev.kestrel.engine.runtime.Kestrel;
import java.util.function.Supplier;

/**
 * What a starting output may use from the engine it belongs to. {@link #kestrel()} is null until the
 * engine has finished building (an output must not call it while opening). Thread-safe.
 */
public final class OutputContext {

    private final Supplier<Kestrel> kestrel;

    public OutputContext(Supplier<Kestrel> kestrel) {
        this.kestrel = kestrel;
    }

    /** The engine, or null while it is still being built. */
    public Kestrel kestrel() {
        return kestrel.get();
    }
}
