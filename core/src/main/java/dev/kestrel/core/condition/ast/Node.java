package dev.kestrel.core.condition.ast;

/** Every AST node knows where it came from in the condition text. */
public interface Node {
    Position position();
}
