/**
 * Falco's condition language to a syntax tree: the lexer and parser, with errors that carry a
 * line and column. Parsers are cheap, single-use and not thread-safe; the trees they make are.
 */
package dev.kestrel.core.condition.parser;
