package dev.kestrel.engine.yaml;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Strict YAML reading for every file Kestrel reads: a key given twice in one mapping is an error at
 * the second key (other YAML tools silently keep one of them, so reviewer and program could see
 * different files); aliases may not expand the text beyond a number of characters (the "billion
 * laughs" attack); nesting depth and alias count are bounded. Stateless and thread-safe.
 *
 * <pre>{@code
 * Object config = StrictYaml.load("kestrel.yaml", text, StrictYaml.Bounds.DEFAULTS); // Map, List, String...
 * }</pre>
 */
public final class StrictYaml {

    /**
     * The bounds of one read.
     *
     * @param maxChars the most characters the text may have, and may expand to once aliases are expanded
     * @param maxDepth how deeply collections may nest
     * @param maxAliases how many aliases of collections may be used
     */
    public record Bounds(int maxChars, int maxDepth, int maxAliases) {

        /** 16 Mi characters, depth 64, 100 aliases (the rules-file defaults). */
        public static final Bounds DEFAULTS = new Bounds(16 << 20, 64, 100);

        public Bounds {
            if (maxChars < 1 || maxDepth < 1 || maxAliases < 0) {
                throw new IllegalArgumentException("YAML bounds must be positive: " + maxChars + ", " + maxDepth
                        + ", " + maxAliases);
            }
        }
    }

    private StrictYaml() {
    }

    /**
     * Parses every document of {@code text} into nodes and checks them.
     *
     * @param file the file's name, used in problems
     * @throws YamlProblemException for invalid YAML, a duplicate key, or a bound exceeded
     */
    public static List<Node> compose(String file, String text, Bounds bounds) {
        MarkedComposer.Composed composed;
        try {
            composed = MarkedComposer.composeAll(text, options(bounds));
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() == null ? "invalid YAML" : e.getProblem();
            throw new YamlProblemException(problemAt(file, m, e.getContext() == null ? problem
                    : problem + " (" + e.getContext() + ")"));
        } catch (YAMLException e) {
            throw new YamlProblemException(new YamlProblem(file, 1, 1, firstLine(e.getMessage())));
        } catch (StackOverflowError e) {
            throw new YamlProblemException(new YamlProblem(file, 1, 1, "the YAML nests too deeply"));
        }
        YamlProblem duplicate = firstDuplicateKey(file, composed.documents());
        if (duplicate != null) {
            throw new YamlProblemException(duplicate);
        }
        Mark crossing = AliasExpansion.crossing(composed, bounds.maxChars());
        if (crossing != null) {
            throw new YamlProblemException(problemAt(file, crossing, "with this alias the YAML grows beyond "
                    + bounds.maxChars() + " characters once its aliases are expanded, more than a file may have"));
        }
        return composed.documents();
    }

    /**
     * Parses {@code text} (one document) into plain Java values (Map, List, String, Integer, Boolean,
     * null) after the checks of {@link #compose}.
     *
     * @throws YamlProblemException for invalid YAML, a duplicate key, or a bound exceeded
     */
    public static Object load(String file, String text, Bounds bounds) {
        compose(file, text, bounds);
        try {
            return new Yaml(new SafeConstructor(options(bounds))).load(text);
        } catch (YAMLException e) {
            throw new YamlProblemException(new YamlProblem(file, 1, 1, firstLine(e.getMessage())));
        }
    }

    /**
     * The first problem of already composed documents: a duplicate key (at the second key) or an
     * expansion beyond {@code maxChars} characters; null when there is none.
     */
    public static YamlProblem check(String file, List<Node> documents, int maxChars) {
        YamlProblem duplicate = firstDuplicateKey(file, documents);
        if (duplicate != null) {
            return duplicate;
        }
        long size = 0;
        for (Node doc : documents) {
            size += expandedSize(doc, maxChars - size);
            if (size > maxChars) {
                return new YamlProblem(file, 1, 1, "the YAML grows beyond " + maxChars
                        + " characters once its aliases are expanded, more than a file may have");
            }
        }
        return null;
    }

    private static YamlProblem firstDuplicateKey(String file, List<Node> documents) {
        for (Node doc : documents) {
            List<YamlProblem> dups = duplicateKeys(file, doc);
            if (!dups.isEmpty()) {
                return dups.get(0);
            }
        }
        return null;
    }

    /** A problem at {@code mark}, or at the start of the file when there is no mark. */
    private static YamlProblem problemAt(String file, Mark mark, String message) {
        return new YamlProblem(file, mark == null ? 1 : mark.getLine() + 1, mark == null ? 1 : mark.getColumn() + 1,
                message);
    }

    /**
     * Every key given again in the same mapping, each reported at its repetition, in file order. Each
     * node is visited once however often aliases refer to it.
     */
    public static List<YamlProblem> duplicateKeys(String file, Node root) {
        List<YamlProblem> found = new ArrayList<>();
        IdentityHashMap<Node, Boolean> seen = new IdentityHashMap<>();
        List<Node> todo = new ArrayList<>();
        todo.add(root);
        while (!todo.isEmpty()) {
            Node n = todo.remove(todo.size() - 1);
            if (n == null || seen.put(n, Boolean.TRUE) != null) {
                continue;
            }
            if (n instanceof MappingNode m) {
                Map<String, Node> keys = new HashMap<>();
                for (NodeTuple t : m.getValue()) {
                    if (t.getKeyNode() instanceof ScalarNode k) {
                        Node first = keys.putIfAbsent(k.getValue(), k);
                        if (first != null) {
                            Mark at = k.getStartMark();
                            Mark was = first.getStartMark();
                            found.add(new YamlProblem(file, at.getLine() + 1, at.getColumn() + 1, "the key '"
                                    + k.getValue() + "' is given twice in the same mapping (first at line "
                                    + (was.getLine() + 1) + "); remove one of them"));
                        }
                    }
                    todo.add(t.getKeyNode());
                    todo.add(t.getValueNode());
                }
            } else if (n instanceof SequenceNode s) {
                todo.addAll(s.getValue());
            }
        }
        found.sort(Comparator.comparingInt(YamlProblem::line).thenComparingInt(YamlProblem::column));
        return found;
    }

    /**
     * The number of characters of scalars plus the number of nodes reached from {@code root} with
     * every alias expanded (a shared node counts each time it is reached), counting no further than
     * {@code stopAfter}, so a recursive or exponential alias structure ends the count early.
     */
    public static long expandedSize(Node root, long stopAfter) {
        long size = 0;
        List<Node> todo = new ArrayList<>();
        todo.add(root);
        while (!todo.isEmpty() && size <= stopAfter) {
            Node n = todo.remove(todo.size() - 1);
            size++;
            if (n instanceof ScalarNode s) {
                size += s.getValue().length();
            } else if (n instanceof SequenceNode s) {
                todo.addAll(s.getValue());
            } else if (n instanceof MappingNode m) {
                for (NodeTuple t : m.getValue()) {
                    todo.add(t.getKeyNode());
                    todo.add(t.getValueNode());
                }
            }
        }
        return size;
    }

    private static LoaderOptions options(Bounds bounds) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // reported with their position by check()
        options.setMaxAliasesForCollections(bounds.maxAliases());
        options.setNestingDepthLimit(bounds.maxDepth());
        options.setCodePointLimit(bounds.maxChars());
        options.setProcessComments(false);
        return options;
    }

    private static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "invalid YAML";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
