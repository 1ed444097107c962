package dev.kestrel.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Collects a test's actions in order, for the lambda of {@link RuleTest.Given#when}. Not thread-safe. */
public final class Actions {

    private final List<Action> list = new ArrayList<>();

    Actions() {
    }

    public Actions add(Action action) {
        list.add(Objects.requireNonNull(action, "action"));
        return this;
    }

    public Actions spawn(String as, String exe, String... args) {
        return add(Action.spawn(as, exe, args));
    }

    public Actions open(String as, String path) {
        return add(Action.open(as, path));
    }

    public Actions write(String as, String path) {
        return add(Action.write(as, path));
    }

    public Actions connect(String as, String address) {
        return add(Action.connect(as, address));
    }

    public Actions exec(String as, String exe, String... args) {
        return add(Action.exec(as, exe, args));
    }

    public Actions exit(String as) {
        return add(Action.exit(as));
    }

    List<Action> list() {
        return List.copyOf(list);
    }
}
