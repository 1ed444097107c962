package dev.kestrel.engine.loader;

import java.util.Arrays;

/**
 * Text that remembers, for every character, where it came from in a rules file. Conditions are
 * assembled from YAML scalars, appends from other files, exception text and substituted lists; this
 * lets an error found at an offset of the assembled text point at the right file, line and column.
 */
final class MappedText {

    private final String text;
    private final Spot[] spots;

    private MappedText(String text, Spot[] spots) {
        this.text = text;
        this.spots = spots;
    }

    /** Text with no character-level origin: every character maps to {@code spot}. */
    static MappedText synthetic(String text, Spot spot) {
        Spot[] spots = new Spot[text.length()];
        Arrays.fill(spots, spot);
        return new MappedText(text, spots);
    }

    static MappedText of(String text, Spot[] spots) {
        if (spots.length != text.length()) {
            throw new IllegalArgumentException("one spot per character expected");
        }
        return new MappedText(text, spots.clone());
    }

    String text() {
        return text;
    }

    int length() {
        return text.length();
    }

    boolean isEmpty() {
        return text.isEmpty();
    }

    /** Where the character at {@code offset} came from; past the end, just after the last one. */
    Spot spotAt(int offset) {
        if (spots.length == 0) {
            return null;
        }
        if (offset < 0) {
            return spots[0];
        }
        if (offset >= spots.length) {
            return spots[spots.length - 1].plusColumns(1);
        }
        return spots[offset];
    }

    MappedText substring(int from, int to) {
        return new MappedText(text.substring(from, to), Arrays.copyOfRange(spots, from, to));
    }

    MappedText trim() {
        int from = 0;
        int to = text.length();
        while (from < to && text.charAt(from) <= ' ') {
            from++;
        }
        while (to > from && text.charAt(to - 1) <= ' ') {
            to--;
        }
        return from == 0 && to == text.length() ? this : substring(from, to);
    }

    /** Builds mapped text piece by piece. */
    static final class Builder {
        private final StringBuilder text = new StringBuilder();
        private Spot[] spots = new Spot[64];

        Builder append(MappedText piece) {
            ensure(piece.length());
            System.arraycopy(piece.spots, 0, spots, text.length(), piece.length());
            text.append(piece.text);
            return this;
        }

        Builder append(MappedText piece, int from, int to) {
            ensure(to - from);
            System.arraycopy(piece.spots, from, spots, text.length(), to - from);
            text.append(piece.text, from, to);
            return this;
        }

        Builder append(String piece, Spot spot) {
            ensure(piece.length());
            Arrays.fill(spots, text.length(), text.length() + piece.length(), spot);
            text.append(piece);
            return this;
        }

        int length() {
            return text.length();
        }

        /** The last character, or -1 when empty. */
        int lastChar() {
            return text.length() == 0 ? -1 : text.charAt(text.length() - 1);
        }

        void deleteLast() {
            text.setLength(text.length() - 1);
        }

        MappedText build() {
            return new MappedText(text.toString(), Arrays.copyOf(spots, text.length()));
        }

        private void ensure(int more) {
            int need = text.length() + more;
            if (need > spots.length) {
                spots = Arrays.copyOf(spots, Math.max(need, spots.length * 2));
            }
        }
    }
}
