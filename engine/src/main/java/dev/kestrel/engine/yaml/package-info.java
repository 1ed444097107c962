/**
 * Reading YAML the strict way every Kestrel reader shares (rules files, configuration, response
 * rules, rule tests): duplicate keys are errors at the second key, aliases cannot expand a file
 * beyond a size, nesting is bounded, and every problem names file, line and column.
 */
package dev.kestrel.engine.yaml;
