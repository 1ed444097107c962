package dev.kestrel.engine.loader;

import dev.kestrel.engine.yaml.StrictYaml;
import dev.kestrel.engine.yaml.YamlProblem;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
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

    private YamlDocuments() {
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
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true);
        options.setMaxAliasesForCollections(limits.maxAliases());
        options.setNestingDepthLimit(limits.maxDepth());
        options.setCodePointLimit(Math.max(limits.maxChars(), 1));
        options.setProcessComments(false);
        List<Node> documents = new ArrayList<>();
        try {
            for (Node doc : new Yaml(options).composeAll(new StringReader(content))) {
                documents.add(doc);
            }
            return strict(source, documents, limits, code, errors) ? documents : null;
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
     * Issue 16's strict reading for every YAML file: a key given twice in one mapping is an error at
     * the second key; aliases may not expand the file beyond {@code maxChars}. True when neither.
     */
    private static boolean strict(YamlSource source, List<Node> documents, YamlLimits limits, DiagnosticCode code,
            Consumer<Diagnostic> errors) {
        boolean ok = true;
        for (Node doc : documents) {
            for (YamlProblem p : StrictYaml.duplicateKeys(source.name(), doc)) {
                errors.accept(new Spot(source.name(), p.line(), p.column()).error(code, p.message()));
                ok = false;
            }
        }
        YamlProblem tooLarge = ok ? StrictYaml.check(source.name(), documents, limits.maxChars()) : null;
        if (tooLarge != null) {
            errors.accept(source.start().error(code, tooLarge.message()));
            ok = false;
        }
        return ok;
    }

    private static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "invalid YAML";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
