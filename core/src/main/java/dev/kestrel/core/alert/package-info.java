/**
 * Alerts as Falco shapes them ({@link dev.kestrel.core.alert.Alert}) and the SPI that receives them
 * ({@link dev.kestrel.core.alert.AlertSink}). Alerts are immutable and safe to share across threads.
 */
package dev.kestrel.core.alert;
