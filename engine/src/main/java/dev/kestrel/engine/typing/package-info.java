/**
 * The typing rules of the condition language, shared by the rules loader's checks and the compiler:
 * which operators apply to which field type ({@link dev.kestrel.engine.typing.OperatorTable}), how
 * right-hand literals parse ({@link dev.kestrel.engine.typing.Literals}) and how {@code regex} patterns
 * compile ({@link dev.kestrel.engine.typing.RegexPatterns}, RE2 through re2j).
 */
package dev.kestrel.engine.typing;
