package dev.kestrel.core.spi;

import java.util.Collection;

/**
 * Estimates of the heap a record's strings hold, for the sizes a {@link BoundedHandoff} with a byte
 * budget asks for. They err high (two bytes a character, whatever the string's coding) and give the
 * same answer for the same value.
 */
public final class HeapBytes {

    private HeapBytes() {
    }

    /** A string: its object and array headers and two bytes a character; 0 for null. */
    public static long string(String s) {
        return s == null ? 0 : 40 + 2L * s.length();
    }

    /** A collection of strings: the collection, then a reference and {@link #string} for each element. */
    public static long strings(Collection<String> strings) {
        long n = 24;
        for (String s : strings) {
            n += 8 + string(s);
        }
        return n;
    }
}
