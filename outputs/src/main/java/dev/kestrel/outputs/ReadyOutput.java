package dev.kestrel.outputs;

import dev.kestrel.core.alert.AlertSink;
import dev.kestrel.engine.config.ConfiguredOutput;
import dev.kestrel.engine.config.OutputContext;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** An output section read and checked, waiting to be started. Immutable. */
record ReadyOutput(String name, Map<String, String> describe, Function<OutputContext, AlertSink> opener)
        implements ConfiguredOutput {

    ReadyOutput {
        describe = Collections.unmodifiableMap(new LinkedHashMap<>(describe));
    }

    @Override
    public AlertSink open(OutputContext context) {
        return opener.apply(context);
    }
}
