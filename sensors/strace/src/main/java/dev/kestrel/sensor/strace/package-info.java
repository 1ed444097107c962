/**
 * The {@code strace} event source: runs strace on a command (or attaches to processes) and turns its
 * output into Kestrel events; its provider is found by the name {@code strace}.
 */
package dev.kestrel.sensor.strace;
