package dev.kestrel.sensor.scap;

import java.util.Arrays;

/**
 * The last enter event of each thread whose exit has not come yet, kept as raw bytes so the exit can
 * take the parameters only the enter carries (older drivers put {@code fd} on {@code read}'s enter
 * alone), as libsinsp pairs the two halves. Open addressing on the thread id, no allocation once the
 * buffers have grown; at most {@code capacity} threads are held (more are counted by the caller).
 */
final class PendingEnters {

    private static final long EMPTY = Long.MIN_VALUE;

    private final int capacity;
    private long[] tids;
    private int[] codes;
    private byte[][] bytes;
    private int[] lengths;
    private int[] nparams;
    private int size;

    PendingEnters(int capacity) {
        this.capacity = capacity;
        allocate(64);
    }

    private void allocate(int slots) {
        tids = new long[slots];
        Arrays.fill(tids, EMPTY);
        codes = new int[slots];
        bytes = new byte[slots][];
        lengths = new int[slots];
        nparams = new int[slots];
    }

    /** Keeps the parameters of an enter event of {@code tid} (lengths then values); false when full. */
    boolean put(long tid, int code, int nparams, byte[] src, int from, int length) {
        int i = find(tid);
        if (tids[i] == EMPTY) {
            if (size >= capacity) {
                return false;
            }
            if ((size + 1) * 2 > tids.length) {
                grow();
                i = find(tid);
            }
            tids[i] = tid;
            size++;
        }
        codes[i] = code;
        this.nparams[i] = nparams;
        if (bytes[i] == null || bytes[i].length < length) {
            bytes[i] = new byte[Math.max(length, 64)];
        }
        System.arraycopy(src, from, bytes[i], 0, length);
        lengths[i] = length;
        return true;
    }

    /** The slot holding {@code tid}'s enter event of {@code code}, or -1. */
    int lookup(long tid, int code) {
        int i = find(tid);
        return tids[i] == tid && codes[i] == code ? i : -1;
    }

    byte[] bytes(int slot) {
        return bytes[slot];
    }

    int length(int slot) {
        return lengths[slot];
    }

    int nparams(int slot) {
        return nparams[slot];
    }

    /** Forgets {@code tid}'s pending enter (its exit came, or a new enter replaces it). */
    void remove(long tid) {
        int i = find(tid);
        if (tids[i] != tid) {
            return;
        }
        tids[i] = EMPTY;
        size--;
        // re-insert the run after i so lookups by linear probing still find every entry
        int mask = tids.length - 1;
        for (int j = (i + 1) & mask; tids[j] != EMPTY; j = (j + 1) & mask) {
            long t = tids[j];
            int code = codes[j];
            byte[] b = bytes[j];
            int len = lengths[j];
            int np = nparams[j];
            tids[j] = EMPTY;
            bytes[j] = null;
            int k = find(t);
            tids[k] = t;
            codes[k] = code;
            bytes[k] = b;
            lengths[k] = len;
            nparams[k] = np;
        }
    }

    private int find(long tid) {
        int mask = tids.length - 1;
        int i = (int) (mix(tid) & mask);
        while (tids[i] != EMPTY && tids[i] != tid) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private static long mix(long x) {
        x ^= x >>> 33;
        x *= 0xff51afd7ed558ccdL;
        x ^= x >>> 33;
        return x;
    }

    private void grow() {
        long[] oldTids = tids;
        int[] oldCodes = codes;
        byte[][] oldBytes = bytes;
        int[] oldLengths = lengths;
        int[] oldN = nparams;
        allocate(oldTids.length * 2);
        for (int j = 0; j < oldTids.length; j++) {
            if (oldTids[j] != EMPTY) {
                int k = find(oldTids[j]);
                tids[k] = oldTids[j];
                codes[k] = oldCodes[j];
                bytes[k] = oldBytes[j];
                lengths[k] = oldLengths[j];
                nparams[k] = oldN[j];
            }
        }
    }
}
