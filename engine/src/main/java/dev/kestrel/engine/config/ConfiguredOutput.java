package dev.kestrel.engine.config;

import dev.kestrel.core.alert.AlertSink;
import java.util.Map;

/**
 * An output read from a config file and not yet started. Immutable; {@link #open} may be called
 * once per engine built from the config.
 */
public interface ConfiguredOutput {

    /** The output's name in counters and messages, e.g. {@code loki}. */
    String name();

    /** The effective settings, secrets masked, as {@code kestrel config --check} prints them. */
    Map<String, String> describe();

    /**
     * Starts the output (threads, connections, a listening socket) and returns the sink alerts go to.
     *
     * @throws Exception with a sentence for the user when it cannot start (e.g. the port is taken)
     */
    AlertSink open(OutputContext context) throws Exception;
}
