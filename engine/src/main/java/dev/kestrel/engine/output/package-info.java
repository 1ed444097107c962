/**
 * How alert lines are written: output formats, time formats and Falco's JSON alert.
 */
package dev.kestrel.engine.output;
