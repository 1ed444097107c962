package dev.kestrel.engine.compiler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code pmatch} operator: a set of paths, each matching any path that it is a prefix of, component
 * by component ({@code /opt/dir} matches {@code /opt/dir} and {@code /opt/dir/x}, not {@code /opt/dir2}).
 * Paths split on {@code /} with empty components skipped; a component with {@code ?}, {@code *} or
 * {@code [} is a glob. Built once; matching walks the value's components in place, without allocation.
 */
final class PathPrefixTrie {

    /** One component's entry: either a terminal (a whole pattern ends here) or a subtree. */
    private static final class Entry {
        boolean terminal;
        Builder sub;
        Node node;
    }

    private static final class Builder {
        final TreeMap<String, Entry> direct = new TreeMap<>();
        final LinkedHashMap<String, Entry> globs = new LinkedHashMap<>();
    }

    private static final class Node {
        String[] keys;
        Entry[] direct;
        GlobPattern[] globs;
        Entry[] globEntries;
    }

    private final Entry root;

    private PathPrefixTrie(Entry root) {
        this.root = root;
    }

    static PathPrefixTrie of(List<String> patterns) {
        Entry root = new Entry();
        root.sub = new Builder();
        for (String p : patterns) {
            add(root, components(p), 0);
        }
        freeze(root);
        return new PathPrefixTrie(root);
    }

    private static List<String> components(String path) {
        List<String> out = new ArrayList<>();
        for (String c : path.split("/")) {
            if (!c.isEmpty()) {
                out.add(c);
            }
        }
        return out;
    }

    private static void add(Entry entry, List<String> comps, int at) {
        if (entry.terminal) {
            return; // a shorter pattern already covers everything below
        }
        if (at == comps.size()) {
            entry.terminal = true;
            entry.sub = null;
            return;
        }
        String c = comps.get(at);
        boolean glob = c.indexOf('?') >= 0 || c.indexOf('*') >= 0 || c.indexOf('[') >= 0;
        Map<String, Entry> map = glob ? entry.sub.globs : entry.sub.direct;
        Entry child = map.get(c);
        if (child == null) {
            child = new Entry();
            child.sub = new Builder();
            map.put(c, child);
        }
        add(child, comps, at + 1);
    }

    private static void freeze(Entry e) {
        if (e.terminal) {
            return;
        }
        Node n = new Node();
        n.keys = e.sub.direct.keySet().toArray(String[]::new);
        n.direct = e.sub.direct.values().toArray(Entry[]::new);
        n.globs = e.sub.globs.keySet().stream().map(g -> GlobPattern.compile(g, false)).toArray(GlobPattern[]::new);
        n.globEntries = e.sub.globs.values().toArray(Entry[]::new);
        Arrays.stream(n.direct).forEach(PathPrefixTrie::freeze);
        Arrays.stream(n.globEntries).forEach(PathPrefixTrie::freeze);
        e.node = n;
        e.sub = null;
    }

    boolean matches(String path) {
        return matchEntry(root, path, 0);
    }

    private static boolean matchEntry(Entry e, String s, int pos) {
        if (e.terminal) {
            return true;
        }
        int n = s.length();
        while (pos < n && s.charAt(pos) == '/') {
            pos++;
        }
        if (pos >= n) {
            return false; // the path ends above every pattern that continues here
        }
        int end = s.indexOf('/', pos);
        if (end < 0) {
            end = n;
        }
        Node node = e.node;
        int k = find(node.keys, s, pos, end);
        if (k >= 0 && matchEntry(node.direct[k], s, end)) {
            return true;
        }
        for (int g = 0; g < node.globs.length; g++) {
            if (node.globs[g].matches(s, pos, end) && matchEntry(node.globEntries[g], s, end)) {
                return true;
            }
        }
        return false;
    }

    /** Binary search of {@code s[from, to)} among sorted keys, comparing in place. */
    private static int find(String[] keys, String s, int from, int to) {
        int lo = 0;
        int hi = keys.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = compare(keys[mid], s, from, to);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    private static int compare(String key, String s, int from, int to) {
        int len = to - from;
        int m = Math.min(key.length(), len);
        for (int i = 0; i < m; i++) {
            int d = key.charAt(i) - s.charAt(from + i);
            if (d != 0) {
                return d;
            }
        }
        return key.length() - len;
    }
}
