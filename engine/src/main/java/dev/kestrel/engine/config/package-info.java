/**
 * {@code kestrel.yaml}: Falco's falco.yaml keys the engine applies itself, and the SPI through which
 * optional modules read the output sections they own ({@code http_output}, {@code loki},
 * {@code slack}, {@code webhook}, {@code webserver}). Every mistake in a config file is reported with
 * file, line, column and, for a misspelt key, the nearest known one.
 */
package dev.kestrel.engine.config;
