/**
 * The immutable syntax tree of a Falco condition, every node with its position in the source text.
 * Values are records and safe to share across threads.
 */
package dev.kestrel.core.condition.ast;
