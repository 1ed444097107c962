package dev.kestrel.fields.state;

/**
 * The socket tuples parsed recently, by their text: a node repeats the same few endpoints (DNS
 * queries, connections to a database), so a repeated tuple costs a hash and a compare instead of new
 * address objects. Direct-mapped, 256 entries; a parsed tuple is immutable and shared. Not thread-safe.
 */
final class SocketTupleCache {

    private static final int SLOTS = 256;

    private final String[] texts = new String[SLOTS];
    private final SocketTuple[] tuples = new SocketTuple[SLOTS];

    /** {@link SocketTuple#parse} of {@code text}, from the cache when it was parsed recently. */
    SocketTuple parse(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        int i = (text.hashCode() ^ (text.hashCode() >>> 16)) & (SLOTS - 1);
        String known = texts[i];
        if (known == text || text.equals(known)) {
            return tuples[i];
        }
        SocketTuple t = SocketTuple.parse(text);
        texts[i] = text;
        tuples[i] = t;
        return t;
    }
}
