package dev.kestrel.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The small world a rule test starts in: containers (and their pods), users and processes already
 * running. Immutable; build one with {@link #builder()} or the lambda of {@link RuleTest#given}.
 */
public record World(List<Container> containers, List<RunningProcess> processes, List<UserAccount> users) {

    /** A world with only the host's init (systemd) and root. */
    public static final World EMPTY = new World(List.of(), List.of(), List.of());

    public World {
        containers = List.copyOf(containers);
        processes = List.copyOf(processes);
        users = List.copyOf(users);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The world {@code spec} builds. */
    public static World of(Consumer<Builder> spec) {
        Builder b = builder();
        spec.accept(b);
        return b.build();
    }

    /** This world with {@code other}'s containers, processes and users added after its own. */
    public World plus(World other) {
        List<Container> c = new ArrayList<>(containers);
        c.addAll(other.containers);
        List<RunningProcess> p = new ArrayList<>(processes);
        p.addAll(other.processes);
        List<UserAccount> u = new ArrayList<>(users);
        u.addAll(other.users);
        return new World(c, p, u);
    }

    /** The YAML of this world as a test file's {@code given:} block. */
    @Override
    public String toString() {
        return RuleTestYaml.world(this, "");
    }

    /** Collects a world's parts in order. Not thread-safe. */
    public static final class Builder {
        private final List<Container> containers = new ArrayList<>();
        private final List<RunningProcess> processes = new ArrayList<>();
        private final List<UserAccount> users = new ArrayList<>();

        Builder() {
        }

        public Builder container(Container c) {
            containers.add(c);
            return this;
        }

        /** A container {@code id} of {@code image} in pod {@code pod} of {@code namespace}. */
        public Builder container(String id, String image, String pod, String namespace) {
            return container(Container.of(id, image).inPod(pod, namespace));
        }

        public Builder process(RunningProcess p) {
            processes.add(p);
            return this;
        }

        /** A process {@code id} running {@code exe} in container {@code container} (null: the host). */
        public Builder process(String id, String container, String exe, String... args) {
            return process(RunningProcess.of(id, exe, args).in(container));
        }

        public Builder user(UserAccount u) {
            users.add(u);
            return this;
        }

        public World build() {
            return new World(containers, processes, users);
        }
    }
}
