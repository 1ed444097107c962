/**
 * Rule tests: a small world (containers, pods, users, running processes), actions expanded to the
 * syscall events Falco would see, and the alerts expected. {@link dev.kestrel.testkit.RuleTest} is
 * the Java entry, {@link dev.kestrel.testkit.RuleTestFile} and {@link dev.kestrel.testkit.RuleTestRunner}
 * read and run rule test files, {@link dev.kestrel.testkit.KestrelRuleTests} turns them into JUnit 5
 * dynamic tests. See docs/testing-rules.md.
 */
package dev.kestrel.testkit;
