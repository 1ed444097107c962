/**
 * The SPIs a sensor or metadata author implements: event sources (with
 * {@link dev.kestrel.core.spi.AbstractEventSource} for the life cycle), their providers, and
 * container and pod metadata providers. All are found through {@link java.util.ServiceLoader}.
 */
package dev.kestrel.core.spi;
