package dev.kestrel.core.condition.parser;

import dev.kestrel.core.condition.ast.Position;
import java.util.Arrays;

/**
 * Turns offsets in a condition into line/column positions. As in Falco, every {@code \r} and every
 * {@code \n} starts a new line; columns count characters from 1.
 */
final class LineMap {

    private final int[] lineStarts;

    LineMap(String text) {
        int[] starts = new int[8];
        int count = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                if (count == starts.length) {
                    starts = Arrays.copyOf(starts, count * 2);
                }
                starts[count++] = i + 1;
            }
        }
        this.lineStarts = Arrays.copyOf(starts, count);
    }

    Position position(int offset) {
        int index = Arrays.binarySearch(lineStarts, offset);
        int line = index >= 0 ? index : -index - 2;
        return new Position(offset, line + 1, offset - lineStarts[line] + 1);
    }
}
