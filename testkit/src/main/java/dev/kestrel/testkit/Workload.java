package dev.kestrel.testkit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A world and what happens in it, without expectations: what the jqwik arbitraries generate and
 * {@link RuleTest#run(Workload)} runs. Its {@link #toString()} is a rule test in YAML, so jqwik's
 * report of a shrunk failing sample can be pasted into a rule test file as it is. Immutable.
 */
public record Workload(World world, List<Action> actions) {

    public Workload {
        Objects.requireNonNull(world, "world");
        actions = List.copyOf(actions);
    }

    /** Both workloads in one world: this one's containers, processes and actions first. */
    public Workload plus(Workload other) {
        List<Action> all = new ArrayList<>(actions);
        all.addAll(other.actions);
        return new Workload(world.plus(other.world), all);
    }

    /** Whether no container id, process id or user name is declared twice (merged workloads must keep this). */
    public boolean hasDistinctIds() {
        Set<String> containers = new HashSet<>();
        Set<String> processes = new HashSet<>();
        Set<String> users = new HashSet<>();
        return world.containers().stream().allMatch(c -> containers.add(EventExpansion.shortId(c.id())))
                && world.processes().stream().allMatch(p -> processes.add(p.id()))
                && actions.stream().allMatch(a -> !(a instanceof Action.Spawn s) || s.id() == null || processes.add(s.id()))
                && world.users().stream().allMatch(u -> users.add(u.name()));
    }

    /** This workload as a {@code tests:} item expecting no alert: paste it, then write what you expect. */
    public String toYaml(String name) {
        return RuleTestYaml.test(name, world, actions, List.of(), false, "");
    }

    @Override
    public String toString() {
        return "\n" + toYaml("a generated workload");
    }
}
