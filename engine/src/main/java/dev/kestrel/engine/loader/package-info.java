/**
 * Reads and checks Falco rules files: every error and warning is a
 * {@link dev.kestrel.engine.loader.Diagnostic} with file, line and column.
 */
package dev.kestrel.engine.loader;
