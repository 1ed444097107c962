package dev.kestrel.engine.loader;

import java.util.Arrays;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * The text of one YAML file (rules or config) as snakeyaml counts it (code points; the same line breaks), so that
 * node marks and positions inside scalars can be turned into 1-based {@link Spot}s.
 */
public final class YamlSource {

    private final String name;
    private final int[] codePoints;
    private final int[] lineStarts;

    /** Indexes {@code content}, called {@code name} in spots. */
    public YamlSource(String name, String content) {
        this.name = name;
        this.codePoints = content.codePoints().toArray();
        int[] starts = new int[16];
        int count = 1;
        for (int i = 0; i < codePoints.length; i++) {
            int c = codePoints[i];
            boolean lineBreak = c == '\n' || c == 0x85 || c == 0x2028 || c == 0x2029
                    || (c == '\r' && (i + 1 >= codePoints.length || codePoints[i + 1] != '\n'));
            if (lineBreak) {
                if (count == starts.length) {
                    starts = Arrays.copyOf(starts, count * 2);
                }
                starts[count++] = i + 1;
            }
        }
        this.lineStarts = Arrays.copyOf(starts, count);
    }

    public String name() {
        return name;
    }

    /** The spot of the code point at {@code index}. */
    public Spot spotAt(int index) {
        int clamped = Math.max(0, Math.min(index, codePoints.length));
        int found = Arrays.binarySearch(lineStarts, clamped);
        int line = found >= 0 ? found : -found - 2;
        return new Spot(name, line + 1, clamped - lineStarts[line] + 1);
    }

    /** The spot of a snakeyaml mark (0-based line and column there). */
    public Spot spotOf(Mark mark) {
        return new Spot(name, mark.getLine() + 1, mark.getColumn() + 1);
    }

    /** The spot where {@code node} starts. */
    public Spot spotOf(Node node) {
        return spotOf(node.getStartMark());
    }

    /**
     * Where character {@code offset} of the scalar's value is written (the scalar's start when its
     * value is empty; just after the value for an offset past its end).
     */
    public Spot spotWithin(ScalarNode node, int offset) {
        Spot spot = mapScalar(node).spotAt(offset);
        return spot == null ? spotOf(node) : spot;
    }

    /** The start of the file, for problems that concern the whole file. */
    public Spot start() {
        return new Spot(name, 1, 1);
    }

    /**
     * The scalar's value with each character mapped back into the file. The value's non-blank
     * characters appear in the source in the same order, so walking both side by side gives exact
     * columns for plain, literal and folded scalars (folding only changes blanks); escapes in
     * quoted scalars may shift a column or two, never the line.
     */
    MappedText mapScalar(ScalarNode node) {
        String value = node.getValue();
        Spot[] spots = new Spot[value.length()];
        int start = node.getStartMark().getIndex();
        int end = Math.min(node.getEndMark().getIndex(), codePoints.length);
        int p = start;
        DumperOptions.ScalarStyle style = node.getScalarStyle();
        if (style == DumperOptions.ScalarStyle.LITERAL || style == DumperOptions.ScalarStyle.FOLDED) {
            while (p < end && codePoints[p] != '\n' && codePoints[p] != '\r') {
                p++; // skip the block header (indicator, chomping, comment)
            }
        } else if (style == DumperOptions.ScalarStyle.SINGLE_QUOTED
                || style == DumperOptions.ScalarStyle.DOUBLE_QUOTED) {
            p++;
        }
        int i = 0;
        while (i < value.length()) {
            int c = value.codePointAt(i);
            int width = Character.charCount(c);
            int at;
            if (p < end && codePoints[p] == c) {
                at = p++;
            } else if (isBlank(c)) {
                at = Math.min(p, Math.max(end - 1, start));
                if (p < end && isBlank(codePoints[p])) {
                    p++;
                }
            } else {
                int q = p;
                while (q < end && codePoints[q] != c) {
                    q++;
                }
                if (q < end) {
                    at = q;
                    p = q + 1;
                } else {
                    at = Math.min(p, Math.max(end - 1, start));
                }
            }
            Spot spot = spotAt(at);
            for (int k = 0; k < width; k++) {
                spots[i + k] = spot;
            }
            i += width;
        }
        return MappedText.of(value, spots);
    }

    private static boolean isBlank(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }
}
