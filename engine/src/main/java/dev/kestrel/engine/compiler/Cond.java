package dev.kestrel.engine.compiler;

/** A compiled condition node: evaluates to a primitive boolean for the frame's current event. */
abstract class Cond {
    abstract boolean test(Frame f);
}
