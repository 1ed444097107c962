package dev.kestrel.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The arguments of {@code kestrel watch}, whichever sensor watches: the alert options
 * ({@link AlertOptions}), the sensor's own options that take a value, then the command to watch
 * after {@code --} or from the first operand on. Immutable.
 *
 * @param options the sensor's options in the order given, each with its value
 * @param command the command to watch; empty when none was given
 */
record WatchArguments(List<Option> options, List<String> command) {

    /** One sensor option and its value, e.g. {@code -p 1234}. */
    record Option(String name, String value) {
    }

    WatchArguments {
        options = List.copyOf(options);
        command = List.copyOf(command);
    }

    /**
     * Reads {@code args}: what {@code alertOptions} accepts goes there, each option named in
     * {@code valued} takes the next argument as its value, and the rest is the command.
     *
     * @throws AlertOptions.UsageException for an option without its value or an unknown option
     */
    static WatchArguments read(List<String> args, AlertOptions alertOptions, Set<String> valued)
            throws AlertOptions.UsageException {
        List<Option> options = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            int last = alertOptions.accept(args, i);
            if (last >= 0) {
                i = last;
                continue;
            }
            String a = args.get(i);
            if (valued.contains(a)) {
                if (i + 1 >= args.size()) {
                    throw new AlertOptions.UsageException(a + " needs a value");
                }
                options.add(new Option(a, args.get(++i)));
            } else if (a.equals("--")) {
                return new WatchArguments(options, args.subList(i + 1, args.size()));
            } else if (a.startsWith("-")) {
                throw new AlertOptions.UsageException("unknown option '" + a + "' (put '--' before the command to watch)");
            } else {
                return new WatchArguments(options, args.subList(i, args.size()));
            }
        }
        return new WatchArguments(options, List.of());
    }

    /**
     * Where {@code --source} is among the options at the start of {@code args}: before {@code --} and
     * before the first operand (the command's first word), the alert options' values and those of the
     * options in {@code valued} skipped as {@link #read} skips them. -1 when it is not there.
     */
    static int sourceOption(List<String> args, Set<String> valued) {
        AlertOptions scratch = new AlertOptions("watch", true);
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--source")) {
                return i;
            }
            if (a.equals("--")) {
                return -1;
            }
            int last;
            try {
                last = scratch.accept(args, i);
            } catch (AlertOptions.UsageException e) {
                last = i + 1;  // an option with a bad value: reading the arguments for real says so
            }
            if (last >= 0) {
                i = last;
            } else if (valued.contains(a)) {
                i++;
            } else if (!a.startsWith("-")) {
                return -1;
            }
        }
        return -1;
    }
}
