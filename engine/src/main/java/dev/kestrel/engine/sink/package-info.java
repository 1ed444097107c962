/**
 * Alert sinks that write text or JSON Lines to a stream or a file, and the
 * {@link dev.kestrel.engine.sink.AlertSinkProvider} SPI that makes sinks by name.
 */
package dev.kestrel.engine.sink;
