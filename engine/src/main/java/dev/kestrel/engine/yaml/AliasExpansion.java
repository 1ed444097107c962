package dev.kestrel.engine.yaml;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Finds where composed YAML grows beyond a number of characters once its aliases are expanded (the
 * "billion laughs" bound), measured as {@link StrictYaml#expandedSize} measures it: the alias whose
 * expansion crosses the bound. Each node is measured once, so an exponential or recursive alias
 * structure costs no more than the file's own size. Not thread-safe; one instance per check.
 */
public final class AliasExpansion {

    /** A node whose size is being measured: reaching it again means the aliases make a loop. */
    private static final long MEASURING = -1;

    private final long maxChars;
    private final Map<Node, Long> sizes = new IdentityHashMap<>();

    private AliasExpansion(long maxChars) {
        this.maxChars = maxChars;
    }

    /**
     * Where the documents of {@code composed} grow beyond {@code maxChars} characters once their aliases
     * are expanded: the start of the alias that crosses it (of the node, if the text itself does); null
     * when they stay within it.
     */
    public static Mark crossing(MarkedComposer.Composed composed, long maxChars) {
        return new AliasExpansion(maxChars).crossing(composed);
    }

    /**
     * Walks the documents as written; an anchored node reached a second time is an alias, in the order
     * aliases are written (only anchored nodes are remembered, so a plain file costs no memory).
     */
    private Mark crossing(MarkedComposer.Composed composed) {
        Set<Node> anchored = Collections.newSetFromMap(new IdentityHashMap<>());
        long total = 0;
        int alias = 0;
        for (Node doc : composed.documents()) {
            Deque<Node> todo = new ArrayDeque<>();
            todo.push(doc);
            while (!todo.isEmpty()) {
                Node n = todo.pop();
                if (n.getAnchor() != null && !anchored.add(n)) {
                    total = capped(total + sizeOf(n));
                    Mark at = alias < composed.aliases().size() ? composed.aliases().get(alias) : n.getStartMark();
                    alias++;
                    if (total > maxChars) {
                        return at;
                    }
                    continue;
                }
                total = capped(total + ownSize(n));
                if (total > maxChars) {
                    return n.getStartMark();
                }
                List<Node> children = children(n);
                for (int i = children.size() - 1; i >= 0; i--) {
                    todo.push(children.get(i));
                }
            }
        }
        return null;
    }

    /** The size of {@code root} with every alias expanded, capped just past the bound; a loop is past it. */
    private long sizeOf(Node root) {
        Long known = sizes.get(root);
        if (known != null) {
            return known == MEASURING ? maxChars + 1 : known;
        }
        Deque<Measure> stack = new ArrayDeque<>();
        sizes.put(root, MEASURING);
        stack.push(new Measure(root));
        while (!stack.isEmpty()) {
            Measure m = stack.peek();
            if (m.next < m.children.size()) {
                Node child = m.children.get(m.next++);
                Long size = sizes.get(child);
                if (size == null) {
                    sizes.put(child, MEASURING);
                    stack.push(new Measure(child));
                } else {
                    m.size = capped(m.size + (size == MEASURING ? maxChars + 1 : size));
                }
            } else {
                stack.pop();
                sizes.put(m.node, m.size);
                if (!stack.isEmpty()) {
                    stack.peek().size = capped(stack.peek().size + m.size);
                }
            }
        }
        return sizes.get(root);
    }

    /** {@code size}, or just past the bound when it is further (sizes stay far from overflowing). */
    private long capped(long size) {
        return Math.min(size, maxChars + 1);
    }

    /** What a node adds by itself, as {@link StrictYaml#expandedSize} counts it: one, and a scalar's characters. */
    private static long ownSize(Node n) {
        return n instanceof ScalarNode s ? 1L + s.getValue().length() : 1L;
    }

    private static List<Node> children(Node n) {
        if (n instanceof SequenceNode s) {
            return s.getValue();
        }
        if (n instanceof MappingNode m) {
            List<Node> children = new ArrayList<>(2 * m.getValue().size());
            for (NodeTuple t : m.getValue()) {
                children.add(t.getKeyNode());
                children.add(t.getValueNode());
            }
            return children;
        }
        return List.of();
    }

    /** One node being measured: its children and how far through them. */
    private static final class Measure {
        final Node node;
        final List<Node> children;
        int next;
        long size;

        Measure(Node node) {
            this.node = node;
            this.children = children(node);
            this.size = ownSize(node);
        }
    }
}
