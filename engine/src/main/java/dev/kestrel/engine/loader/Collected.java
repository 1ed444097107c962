package dev.kestrel.engine.loader;

import dev.kestrel.core.Priority;
import dev.kestrel.engine.loader.RulesItem.ExceptionSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The mutable state of lists, macros and rules while items are collected. {@code index} is the
 * position of the first definition (kept on redefinition); {@code visibility} is the stamp of the
 * latest definition or append, which decides what a macro or list may refer to.
 */
final class Collected {

    private Collected() {
    }

    static final class ListDef {
        final String name;
        final List<String> items = new ArrayList<>();
        final int index;
        int visibility;
        Spot spot;

        ListDef(String name, int index, Spot spot) {
            this.name = name;
            this.index = index;
            this.visibility = index;
            this.spot = spot;
        }
    }

    static final class MacroDef {
        final String name;
        MappedText condition;
        final int index;
        int visibility;
        Spot spot;

        MacroDef(String name, MappedText condition, int index, Spot spot) {
            this.name = name;
            this.condition = condition;
            this.index = index;
            this.visibility = index;
            this.spot = spot;
        }
    }

    static final class RuleDef {
        final String name;
        final int index;
        int visibility;
        /** Number of the last file that defined or changed this rule: it sees that file's macros. */
        int lastFile;
        Spot spot;
        MappedText condition;
        MappedText output;
        String desc;
        Priority priority;
        SortedSet<String> tags = new TreeSet<>();
        boolean enabled = true;
        String source;
        boolean unknownSource;
        List<ExceptionSpec> exceptions = new ArrayList<>();
        boolean warnEvttypes = true;
        boolean skipIfUnknownFilter;
        boolean capture;
        long captureDuration;

        RuleDef(String name, int index, Spot spot) {
            this.name = name;
            this.index = index;
            this.visibility = index;
            this.spot = spot;
        }
    }
}
