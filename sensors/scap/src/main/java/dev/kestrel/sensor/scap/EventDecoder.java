package dev.kestrel.sensor.scap;

import dev.kestrel.core.event.Capabilities;
import dev.kestrel.core.event.Event;
import java.nio.charset.StandardCharsets;

/**
 * Decodes one captured event (header, parameter lengths, parameter values, all inside a block body
 * already in memory) into a reused {@link Event}. Every length is checked against the event and the
 * block before it is used; an event that does not add up is a {@link BadEvent}, never read on.
 */
final class EventDecoder {

    /** An event whose lengths do not add up; the message says which. */
    static final class BadEvent extends Exception {
        private static final long serialVersionUID = 1L;

        BadEvent(String message) {
            super(message, null, false, false);
        }
    }

    /** The event header size with the parameter count (V2 blocks) and without it (older blocks). */
    static final int HEADER = 26;
    static final int HEADER_V1 = 22;

    private EventDecoder() {
    }

    /**
     * Fills {@code into} from the parameters of an event whose header and {@code spec} are known.
     *
     * @param buf the block body
     * @param lensAt where the parameter lengths start
     * @param nparams how many parameters the event has
     * @param end where the event ends (its header's length)
     */
    static void params(EventTable.Spec spec, byte[] buf, int lensAt, int nparams, int end, Event into)
            throws BadEvent {
        params(spec, buf, lensAt, nparams, end, into, false);
    }

    /**
     * As {@link #params(EventTable.Spec, byte[], int, int, int, Event)}; with {@code onlyMissing} (an
     * enter event completing its exit) only parameters the event does not have yet are set, and the
     * return value is left alone.
     */
    static void params(EventTable.Spec spec, byte[] buf, int lensAt, int nparams, int end, Event into,
                       boolean onlyMissing) throws BadEvent {
        int lenSize = spec.largePayload ? 4 : 2;
        int valueAt = lensAt + nparams * lenSize;
        if (valueAt > end) {
            throw new BadEvent(spec.describe() + " says it has " + nparams + " parameters, which do not fit in its "
                    + (end - lensAt + HEADER) + " bytes");
        }
        int known = Math.min(nparams, spec.paramNames.length);
        for (int i = 0; i < nparams; i++) {
            long len = lenSize == 2 ? LittleEndian.u16(buf, lensAt + 2 * i) : LittleEndian.u32(buf, lensAt + 4 * i);
            if (len > end - valueAt) {
                throw new BadEvent("parameter " + (i + 1) + " of " + spec.describe() + " is " + len
                        + " bytes long, past the end of the event");
            }
            if (i < known && !(onlyMissing && (spec.slots[i] < 0 || into.has(spec.slots[i])))) {
                value(spec, i, buf, valueAt, (int) len, into);
            }
            valueAt += (int) len;
        }
    }

    private static void value(EventTable.Spec spec, int i, byte[] buf, int at, int len, Event into) throws BadEvent {
        EventTable.Decode d = spec.decode[i];
        boolean result = i == 0 && spec.firstIsResult;
        if (d == EventTable.Decode.SKIP && !result) {
            return;
        }
        int width = spec.widths[i];
        if (width > 0) {
            if (len == 0) {
                return; // an empty parameter: the driver had no value
            }
            if (len != width) {
                throw new BadEvent("parameter " + spec.paramNames[i] + " of " + spec.describe() + " is " + len
                        + " bytes long where its type " + spec.paramTypes[i] + " takes " + width);
            }
            long v = number(buf, at, width, d != EventTable.Decode.UNSIGNED && d != EventTable.Decode.FLAGS
                    && d != EventTable.Decode.CAPABILITIES && d != EventTable.Decode.ID32);
            if (result) {
                into.setReturnValue(v);
            }
            int slot = spec.slots[i];
            if (slot < 0) {
                return;
            }
            switch (d) {
                case FLAGS -> into.setNumber(slot, spec.flags[i].toLinux(v));
                case ID32 -> into.setNumber(slot, ProcessListBlock.id32(v & 0xFFFFFFFFL));
                case CAPABILITIES -> into.setText(slot, Capabilities.names(v));
                default -> into.setNumber(slot, v);
            }
            return;
        }
        int slot = spec.slots[i];
        if (slot < 0) {
            return;
        }
        switch (d) {
            case STRING -> into.setText(slot, BlockCursor.text(buf, at, len));
            case LIST -> into.setList(slot, BlockCursor.nulSeparated(buf, at, len));
            case BYTES -> into.setText(slot, printable(buf, at, len));
            case SOCKADDR -> {
                String s = sockaddr(buf, at, len);
                if (s != null) {
                    into.setText(slot, s);
                }
            }
            case SOCKTUPLE -> {
                String s = socktuple(buf, at, len);
                if (s != null) {
                    into.setText(slot, s);
                }
            }
            default -> {
            }
        }
    }

    /**
     * The caller's pid from the {@code pid} parameter of a clone or execve exit, or {@code otherwise}
     * when the event has none; lengths are checked by {@link #params} afterwards.
     */
    static long pid(EventTable.Spec spec, byte[] buf, int lensAt, int nparams, int end, long otherwise) {
        int p = spec.pidParam;
        if (p < 0 || p >= nparams) {
            return otherwise;
        }
        int lenSize = spec.largePayload ? 4 : 2;
        long at = lensAt + (long) nparams * lenSize;
        if (at > end) {
            return otherwise;
        }
        for (int i = 0; i < p; i++) {
            at += lenSize == 2 ? LittleEndian.u16(buf, lensAt + 2 * i) : LittleEndian.u32(buf, lensAt + 4 * i);
        }
        long len = lenSize == 2 ? LittleEndian.u16(buf, lensAt + 2 * p) : LittleEndian.u32(buf, lensAt + 4 * p);
        if (len != 8 || at + 8 > end) {
            return otherwise;
        }
        return LittleEndian.i64(buf, (int) at);
    }

    static long number(byte[] b, int at, int width, boolean signed) {
        return switch (width) {
            case 1 -> signed ? b[at] : b[at] & 0xFF;
            case 2 -> signed ? (short) LittleEndian.u16(b, at) : LittleEndian.u16(b, at);
            case 4 -> signed ? LittleEndian.i32(b, at) : LittleEndian.u32(b, at);
            default -> LittleEndian.i64(b, at);
        };
    }

    /** I/O data as sysdig prints it by default: printable ASCII kept, every other byte a dot. */
    static String printable(byte[] b, int at, int len) {
        byte[] out = new byte[len];
        for (int i = 0; i < len; i++) {
            byte c = b[at + i];
            out[i] = c >= 0x20 && c < 0x7f ? c : (byte) '.';
        }
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    private static final int AF_UNIX = 1;
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;

    /** {@code ip:port}, a unix path, or null for a family Kestrel does not describe. */
    static String sockaddr(byte[] b, int at, int len) {
        if (len < 1) {
            return null;
        }
        int family = b[at] & 0xFF;
        if (family == AF_INET && len >= 7) {
            return Addresses.ipv4(b, at + 1) + ":" + LittleEndian.u16(b, at + 5);
        }
        if (family == AF_INET6 && len >= 19) {
            return Addresses.ipv6(b, at + 1) + ":" + LittleEndian.u16(b, at + 17);
        }
        if (family == AF_UNIX) {
            return BlockCursor.text(b, at + 1, len - 1);
        }
        return null;
    }

    /** {@code cip:cport->sip:sport}, a unix path, or null for a family Kestrel does not describe. */
    static String socktuple(byte[] b, int at, int len) {
        if (len < 1) {
            return null;
        }
        int family = b[at] & 0xFF;
        if (family == AF_INET && len >= 13) {
            return Addresses.ipv4(b, at + 1) + ":" + LittleEndian.u16(b, at + 5) + "->"
                    + Addresses.ipv4(b, at + 7) + ":" + LittleEndian.u16(b, at + 11);
        }
        if (family == AF_INET6 && len >= 37) {
            return Addresses.ipv6(b, at + 1) + ":" + LittleEndian.u16(b, at + 17) + "->"
                    + Addresses.ipv6(b, at + 19) + ":" + LittleEndian.u16(b, at + 35);
        }
        if (family == AF_UNIX && len >= 17) {
            return BlockCursor.text(b, at + 17, len - 17);
        }
        return null;
    }
}
