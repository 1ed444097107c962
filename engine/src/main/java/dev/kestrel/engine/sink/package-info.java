/**
 * Alert sinks that write text or JSON Lines to a stream or a file, and the
 * {@link dev.kestrel.engine.sink.AlertSinkProvider} SPI that makes sinks by name; sinks that count
 * what they did ({@link dev.kestrel.engine.sink.CountedSink}) or report metrics of their own
 * ({@link dev.kestrel.engine.sink.MeasuredSink}).
 */
package dev.kestrel.engine.sink;
