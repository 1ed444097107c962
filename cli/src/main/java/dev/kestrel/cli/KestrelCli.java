package dev.kestrel.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The {@code kestrel} command line. {@link #main} is the only place in Kestrel that calls
 * {@link System#exit}; everything else returns exit codes so the CLI can be tested in-process.
 */
public final class KestrelCli {

    private final Map<String, Supplier<Command>> commands = new LinkedHashMap<>();

    public KestrelCli() {
        // Each subcommand registers here, in the order `kestrel help` lists them.
        commands.put("validate", ValidateCommand::new);
        commands.put("parse", ParseCommand::new);
        commands.put("demo", DemoCommand::new);
        commands.put("replay", ReplayCommand::new);
        commands.put("eval", EvalCommand::new);
        commands.put("filter", FilterCommand::new);
        commands.put("watch", WatchCommand::new);
        commands.put("fields", FieldsCommand::new);
        commands.put("config", ConfigCommand::new);
        commands.put("test", TestCommand::new);
    }

    public static void main(String[] args) {
        // A failure on another thread is one line too; its stack trace goes to the debug log.
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            org.slf4j.LoggerFactory.getLogger(KestrelCli.class).debug("uncaught on thread {}", t.getName(), e);
            System.err.println("kestrel: internal error on thread '" + t.getName() + "': " + e + " (please report this)");
        });
        int code = new KestrelCli().run(List.of(args), System.in, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    /** Runs one command line and returns its exit code. */
    public int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        if (args.isEmpty()) {
            Supplier<Command> demo = commands.get("demo");
            if (demo != null) {
                return demo.get().run(List.of(), in, out, err);
            }
            printHelp(out);
            return Command.OK;
        }
        String name = args.get(0);
        if (name.equals("help") || name.equals("--help") || name.equals("-h")) {
            if (args.size() > 1 && commands.containsKey(args.get(1))) {
                out.println(commands.get(args.get(1)).get().usage());
            } else {
                printHelp(out);
            }
            return Command.OK;
        }
        Supplier<Command> command = commands.get(name);
        if (command == null) {
            err.println("kestrel: unknown command '" + name + "'. Run 'kestrel help' for the list.");
            return Command.USAGE;
        }
        Command c = command.get();
        List<String> rest = args.subList(1, args.size());
        // Only the command's own options count: after "--" the words belong to a traced program.
        int end = rest.indexOf("--");
        List<String> own = end < 0 ? rest : rest.subList(0, end);
        if (own.contains("--help") || own.contains("-h")) {
            out.println(c.usage());
            return Command.OK;
        }
        try {
            return c.run(rest, in, out, err);
        } catch (OutOfMemoryError e) {
            // An input no limit caught: one line, not the JVM's stack trace.
            org.slf4j.LoggerFactory.getLogger(KestrelCli.class).debug("out of memory in '{}'", name, e);
            err.println("kestrel: '" + name + "' ran out of memory (the heap is " + (Runtime.getRuntime().maxMemory() >> 20)
                    + " MiB; KESTREL_JAVA_OPTS=-Xmx4g gives more); an input larger than Kestrel's limits expect? (please report it)");
            return Command.FAILED;
        } catch (RuntimeException | StackOverflowError e) {
            // A bug of ours, not a user mistake: say so in one line; the stack trace goes to the debug log.
            org.slf4j.LoggerFactory.getLogger(KestrelCli.class).debug("internal error in '{}'", name, e);
            err.println("kestrel: internal error in '" + name + "': " + e + " (please report this)");
            return Command.FAILED;
        }
    }

    private void printHelp(PrintStream out) {
        out.println("Kestrel: Falco-compatible runtime-security rules for the JVM.");
        out.println();
        out.println("usage: kestrel COMMAND [ARGS...]   (no command: run the demo)");
        out.println();
        for (Map.Entry<String, Supplier<Command>> e : commands.entrySet()) {
            out.printf("  %-10s %s%n", e.getKey(), e.getValue().get().summary());
        }
        out.println();
        out.println("'kestrel help COMMAND' shows a command's options.");
    }
}
