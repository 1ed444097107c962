package dev.kestrel.engine.compiler;

import dev.kestrel.core.condition.ast.Position;

/** A problem found while compiling one check, with where it is in the condition. */
final class CompileProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final transient Position position;

    CompileProblem(String message, Position position) {
        super(message, null, false, false);
        this.position = position;
    }
}
