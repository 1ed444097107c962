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
}
