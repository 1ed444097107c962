package dev.kestrel.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;

/** One {@code kestrel} subcommand. Returns the process exit code; never calls System.exit. */
interface Command {

    /** Exit code for success. */
    int OK = 0;
    /** Exit code when the input had errors (a broken rules file, a syntax error). */
    int FAILED = 1;
    /** Exit code for bad usage. */
    int USAGE = 2;

    /** One line for {@code kestrel help}. */
    String summary();

    /** The usage text printed for {@code --help} and bad usage. */
    String usage();

    int run(List<String> args, InputStream in, PrintStream out, PrintStream err);
}
