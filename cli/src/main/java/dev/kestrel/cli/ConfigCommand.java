package dev.kestrel.cli;

import dev.kestrel.engine.config.KestrelConfig;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** {@code kestrel config --check FILE}: validates a kestrel.yaml and prints the settings it gives. */
final class ConfigCommand implements Command {

    @Override
    public String summary() {
        return "check a kestrel.yaml and print its effective settings (secrets masked)";
    }

    @Override
    public String usage() {
        return """
                usage: kestrel config --check FILE

                Reads FILE as replay, watch and demo --config do (Falco's falco.yaml keys plus
                falcosidekick's http_output, loki, slack, webhook and the webserver section), prints
                every error and warning as FILE:LINE:COL on standard error, and, when there is no
                error, the effective settings on standard output with secrets masked. Nothing is
                started or sent. Exit status 0 when the config is usable, 1 when it has errors.""";
    }

    @Override
    public int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        String file = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--check")) {
                continue;
            }
            if (a.startsWith("-") || file != null) {
                err.println("kestrel config: unexpected argument '" + a + "'");
                err.println(usage());
                return USAGE;
            }
            file = a;
        }
        if (file == null) {
            err.println("kestrel config: name the config file to check");
            err.println(usage());
            return USAGE;
        }
        KestrelConfig config = KestrelConfig.read(Path.of(file));
        config.errors().forEach(d -> err.println(d.format()));
        config.warnings().forEach(d -> err.println(d.format()));
        if (!config.ok()) {
            err.println("kestrel config: " + file + " has " + config.errors().size() + " error(s)");
            return FAILED;
        }
        config.describe().forEach(out::println);
        err.println("kestrel config: " + file + " is valid (" + config.warnings().size() + " warning(s), "
                + config.outputs().size() + " output(s) on)");
        return OK;
    }
}
