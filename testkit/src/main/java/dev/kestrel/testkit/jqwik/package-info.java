/**
 * jqwik arbitraries for rule tests: containers and pods, process trees, benign workloads, attacks
 * and their near misses, all as {@link dev.kestrel.testkit.Workload}s that run through
 * {@link dev.kestrel.testkit.RuleTest#run(dev.kestrel.testkit.Workload)} and print as YAML tests.
 */
package dev.kestrel.testkit.jqwik;
