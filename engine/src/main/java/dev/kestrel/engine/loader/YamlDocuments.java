package dev.kestrel.engine.loader;

import dev.kestrel.engine.yaml.AliasExpansion;
import dev.kestrel.engine.yaml.MarkedComposer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.reader.ReaderException;

/**
 * Parses a YAML file into snakeyaml nodes that keep their positions, within bounds (characters,
 * nesting depth, aliases), turning every syntax error into one {@link Diagnostic} at its line and
 * column. Stateless and thread-safe; arguments must not be null.
 */
public final class YamlDocuments {

    /** The longest run of characters without a space, tab or line break a YAML file may hold. */
    public static final int MAX_RUN_CHARS = 1 << 20;

    private YamlDocuments() {
    }

    /** Where the first run of more than {@link #MAX_RUN_CHARS} characters without a space or line break starts, or -1. */
    private static int longRunStart(String content) {
        int start = 0;
        for (int i = 0; i < content.length(); i++) {
            char c = content.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                start = i + 1;
            } else if (i - start >= MAX_RUN_CHARS) {
                return start;
            }
        }
        return -1;
    }

    /**
     * Every document of {@code content} (the text of {@code source}) as a node tree (duplicate keys are kept for the caller to
     * judge), or null after reporting the syntax error or exceeded bound to {@code errors} with
     * the diagnostic code {@code code}.
     */
    public static List<Node> compose(YamlSource source, String content, YamlLimits limits, DiagnosticCode code,
            Consumer<Diagnostic> errors) {
        if (content.length() > limits.maxChars()) {
            errors.accept(source.start().error(code, "The file has " + content.length()
                    + " characters, more than the maximum allowed (" + limits.maxChars() + ")"));
            return null;
        }
        int run = longRunStart(content);
        if (run >= 0) {
            // SnakeYAML rereads a token's characters as it grows: a few MiB of one would take it minutes
            errors.accept(source.spotAt(content.codePointCount(0, run)).error(code, "more than " + MAX_RUN_CHARS + " characters without a space or"
                    + " line break start here; a YAML file may not have so long a word (it would take minutes to read)"));
            return null;
        }
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true);
        options.setMaxAliasesForCollections(limits.maxAliases());
        options.setNestingDepthLimit(limits.maxDepth());
        options.setCodePointLimit(Math.max(limits.maxChars(), 1));
        options.setProcessComments(false);
        try {
            MarkedComposer.Composed composed = MarkedComposer.composeAll(content, options);
            return strict(source, composed, limits, code, errors) ? new ArrayList<>(composed.documents()) : null;
        } catch (MarkedYAMLException e) {
            Spot spot = e.getProblemMark() != null ? source.spotOf(e.getProblemMark())
                    : e.getContextMark() != null ? source.spotOf(e.getContextMark()) : source.start();
            String problem = e.getProblem() == null ? "invalid YAML" : e.getProblem();
            String context = e.getContext();
            errors.accept(spot.error(code, context == null ? problem : problem + " (" + context + ")"));
        } catch (ReaderException e) {
            errors.accept(source.spotAt(e.getPosition()).error(code, String.format(
                    "YAML does not allow the control character U+%04X here (quote it as an escape, e.g. \"\\x%02X\")",
                    e.getCodePoint(), e.getCodePoint())));
        } catch (YAMLException e) {
            errors.accept(source.start().error(code, firstLine(e.getMessage())));
        } catch (StackOverflowError e) {
            errors.accept(source.start().error(code, "The YAML nests too deeply (more than " + limits.maxDepth() + " levels)"));
        }
        return null;
    }

    /**
     * Aliases may not expand a file beyond {@code maxChars} ("billion laughs"); true when they do not,
     * else reported at the alias that crosses the bound.
     */
    private static boolean strict(YamlSource source, MarkedComposer.Composed composed, YamlLimits limits,
            DiagnosticCode code, Consumer<Diagnostic> errors) {
        Mark crossing = AliasExpansion.crossing(composed, limits.maxChars());
        if (crossing != null) {
            errors.accept(source.spotOf(crossing).error(code, "with this alias the YAML grows beyond " + limits.maxChars()
                    + " characters once its aliases are expanded, more than a file may have"));
            return false;
        }
        return true;
    }

    private static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "invalid YAML";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
