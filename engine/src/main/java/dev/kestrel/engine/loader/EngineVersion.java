package dev.kestrel.engine.loader;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rules-engine version {@code major.minor.patch}. Rules files state the version they need with
 * {@code required_engine_version}; an integer N means {@code 0.N.0}.
 */
public record EngineVersion(int major, int minor, int patch) implements Comparable<EngineVersion> {

    /**
     * The Falco rules-engine version Kestrel implements: the one of the Falco snapshot its
     * language notes were written from. The official ruleset requires 0.57.0.
     */
    public static final EngineVersion KESTREL = new EngineVersion(0, 63, 0);

    private static final Pattern SEMVER = Pattern.compile("(\\d{1,9})\\.(\\d{1,9})\\.(\\d{1,9})(?:[-+].*)?");

    /** Parses {@code 57} (meaning 0.57.0) or {@code 0.57.0}; null when the text is neither. */
    public static EngineVersion parse(String text) {
        String t = text.trim();
        if (t.matches("\\d{1,9}")) {
            return new EngineVersion(0, Integer.parseInt(t), 0);
        }
        Matcher m = SEMVER.matcher(t);
        if (!m.matches()) {
            return null;
        }
        return new EngineVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)));
    }

    /** True when rules needing {@code required} run on this version: same major, not older. */
    public boolean satisfies(EngineVersion required) {
        return major == required.major && compareTo(required) >= 0;
    }

    @Override
    public int compareTo(EngineVersion o) {
        if (major != o.major) {
            return Integer.compare(major, o.major);
        }
        if (minor != o.minor) {
            return Integer.compare(minor, o.minor);
        }
        return Integer.compare(patch, o.patch);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
