package dev.kestrel.sensor.scap;

import dev.kestrel.core.event.ContainerMetadata;
import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventType;
import dev.kestrel.core.event.FdSnapshot;
import dev.kestrel.core.event.FlagTable;
import dev.kestrel.core.event.GroupMetadata;
import dev.kestrel.core.event.ProcessSnapshot;
import dev.kestrel.core.event.UserMetadata;
import dev.kestrel.core.json.JsonException;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads a libscap capture file (what {@code sysdig -w} and Falco write; gzip-compressed or not) into
 * Kestrel events, one {@link #next} call per event. The metadata blocks at the head of the capture
 * become state records first: every thread of the process list, every fd of the fd lists, users and
 * groups; then each enter and each exit event of the capture is one event, numbered as sysdig
 * numbers it ({@link Event#sequence()}). Container metadata events become container records.
 *
 * <p>Not thread-safe: one thread reads. An event code Kestrel has no type for is counted and skipped
 * ({@link #counters()}); a truncated or corrupt capture ends in a {@link ScapFormatException} naming
 * the block and byte offset, after every event before it was returned.
 */
public final class ScapReader implements Closeable {

    /** The longest section header block a capture holds (its options included), read big-endian or not. */
    private static final long SECTION_HEADER_MAX_BYTES = 4096;

    private static final EventTable TABLE = EventTable.load();
    private static final FlagTranslation OPEN_FLAGS =
            FlagTranslation.of("file_flags", FlagTranslation.loadTables().get("file_flags"), FlagTable.OPEN);
    private static final int FRAMING = 12;
    private static final int INITIAL_BUFFER = 1 << 16;

    private final String name;
    private final InputStream in;
    private final ScapLimits limits;
    private final byte[] header = new byte[8];
    private byte[] buf = new byte[INITIAL_BUFFER];
    private long offset;
    private long sequence;
    private final List<Object> pending = new ArrayList<>();
    private int pendingIndex;
    private boolean sawSection;
    private String hostname;
    private long blocks;
    private long events;
    private long records;
    private long interfaces;
    private final Map<String, Long> skipped = new TreeMap<>();
    private final PendingEnters enters;

    private ScapReader(String name, InputStream in, ScapLimits limits) {
        this.name = name;
        this.in = in;
        this.limits = limits;
        this.enters = new PendingEnters(limits.maxPendingEnters());
    }

    /**
     * Opens {@code file} with the default limits.
     *
     * @throws IOException when it cannot be read; a {@link ScapFormatException} when it is no capture
     */
    public static ScapReader open(Path file) throws IOException {
        return open(file, ScapLimits.DEFAULTS);
    }

    /** Opens {@code file}; gzip compression is recognised by its magic number, not by the name. */
    public static ScapReader open(Path file, ScapLimits limits) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 18);
        return open(file.toString(), raw, limits);
    }

    /** Reads a capture from {@code in} (closed by {@link #close}); {@code name} is used in messages. */
    public static ScapReader open(String name, InputStream in, ScapLimits limits) throws IOException {
        InputStream stream = in.markSupported() ? in : new BufferedInputStream(in, 1 << 18);
        try {
            stream.mark(2);
            int b0 = stream.read();
            int b1 = stream.read();
            stream.reset();
            if (b0 == 0x1f && b1 == 0x8b) {
                stream = new BufferedInputStream(new GZIPInputStream(stream, 1 << 16), 1 << 18);
            }
        } catch (IOException e) {
            stream.close();
            throw e;
        }
        return new ScapReader(name, stream, limits);
    }

    /**
     * True when {@code file} starts like a libscap capture (a section header block, directly or
     * inside gzip); false for anything else, including files that cannot be read.
     */
    public static boolean isCapture(Path file) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 12)) {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            InputStream s = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw) : raw;
            byte[] head = s.readNBytes(12);
            // either byte order: a big-endian capture is one too, which the reader then refuses with a sentence
            if (head.length < 12 || LittleEndian.i32(head, 0) != BlockTypes.SECTION_HEADER) {
                return false;
            }
            int magic = LittleEndian.i32(head, 8);
            return magic == BlockTypes.SECTION_MAGIC || Integer.reverseBytes(magic) == BlockTypes.SECTION_MAGIC;
        } catch (IOException e) {
            return false;
        }
    }

    /** The host name of the machine info block, or null when the capture has none (or it was not read yet). */
    public String hostname() {
        return hostname;
    }

    /** What was read so far. */
    public ScapCounters counters() {
        return new ScapCounters(blocks, events, records, interfaces, skipped);
    }

    /**
     * Fills {@code into} with the next record or event; false at the end of the capture.
     *
     * @throws ScapFormatException when the capture is truncated or corrupt here (earlier events were returned)
     * @throws IOException when the file cannot be read
     */
    public boolean next(Event into) throws IOException {
        while (true) {
            if (pendingIndex < pending.size()) {
                deliver(pending.get(pendingIndex++), into);
                records++;
                return true;
            }
            pending.clear();
            pendingIndex = 0;
            long blockStart = offset;
            int got = read(header, 0, 8);
            if (got == 0) {
                if (!sawSection) {
                    throw new ScapFormatException(name + ": empty, not a libscap capture", null, 0);
                }
                return false;
            }
            if (got < 8) {
                throw error("the capture ends inside a block header (" + got + " of 8 bytes)", null, blockStart);
            }
            int type = LittleEndian.i32(header, 0);
            long total = LittleEndian.u32(header, 4);
            String block = BlockTypes.name(type);
            if (!sawSection && type != BlockTypes.SECTION_HEADER) {
                throw error("not a libscap capture (it does not start with a section header block)",
                        null, 0);
            }
            long swapped = Integer.reverseBytes((int) total) & 0xFFFFFFFFL;
            if (!sawSection && (total < FRAMING || total - FRAMING > limits.maxBlockBytes())
                    && swapped >= FRAMING && swapped <= SECTION_HEADER_MAX_BYTES) {
                // the length only makes sense read the other way round: a section header written big-endian
                throw error("the capture was written big-endian, which this reader does not read", block, blockStart);
            }
            if (total < FRAMING) {
                throw error("the block says it is " + total + " bytes long, shorter than its own "
                        + FRAMING + " bytes of framing", block, blockStart);
            }
            long body = total - FRAMING;
            if (body > limits.maxBlockBytes()) {
                skipBlock(body, block, blockStart);
                continue;
            }
            ensure((int) body);
            int n = read(buf, 0, (int) body);
            if (n < body) {
                throw error("the capture ends inside the block (" + n + " of " + body + " bytes)", block, blockStart);
            }
            if (read(header, 0, 4) < 4) {
                throw error("the capture ends before the block's closing length", block, blockStart);
            }
            long trailer = LittleEndian.u32(header, 0);
            if (trailer != total) {
                throw error("the block's closing length is " + trailer + " where its header says " + total,
                        block, blockStart);
            }
            blocks++;
            if (BlockTypes.isEvents(type)) {
                if (event(type, (int) body, block, blockStart, into)) {
                    events++;
                    return true;
                }
            } else {
                metadata(type, (int) body, block, blockStart);
            }
        }
    }

    private void skipBlock(long body, String block, long blockStart) throws IOException {
        long toSkip = body + 4;
        long done = 0;
        while (done < toSkip) {
            long s = in.skip(toSkip - done);
            if (s <= 0) {
                if (in.read() < 0) {
                    throw error("the block says it is " + (body + FRAMING) + " bytes long, more than the "
                            + limits.maxBlockBytes() + "-byte limit, and the capture ends before its end", block,
                            blockStart);
                }
                s = 1;
            }
            done += s;
        }
        offset += toSkip;
        count("block over the " + limits.maxBlockBytes() + "-byte limit: " + block);
    }

    private void metadata(int type, int body, String block, long blockStart) throws ScapFormatException {
        BlockCursor c = new BlockCursor(buf, 0, body);
        try {
            int pl = BlockTypes.processListVersion(type);
            if (type == BlockTypes.SECTION_HEADER) {
                section(c, block, blockStart);
            } else if (pl > 0) {
                ProcessListBlock.read(c, pl, this::queue);
            } else if (type == BlockTypes.FDS || type == BlockTypes.FDS_INT || type == BlockTypes.FDS_V2) {
                FdListBlock.read(c, type == BlockTypes.FDS_V2, OPEN_FLAGS, this::queue);
            } else if (type == BlockTypes.USERS || type == BlockTypes.USERS_INT || type == BlockTypes.USERS_V2) {
                UserListBlock.read(c, type == BlockTypes.USERS_V2, this::queue);
            } else if (type == BlockTypes.INTERFACES || type == BlockTypes.INTERFACES_INT
                    || type == BlockTypes.INTERFACES_V2) {
                interfaces += InterfaceListBlock.count(c, type == BlockTypes.INTERFACES_V2);
            } else if (type == BlockTypes.MACHINE_INFO || type == BlockTypes.MACHINE_INFO_INT) {
                if (body >= 148) {
                    hostname = BlockCursor.text(buf, 20, 128);
                }
            } else {
                count("unknown block type 0x" + Integer.toHexString(type));
            }
        } catch (BlockCursor.BadBlock e) {
            throw error(e.getMessage(), block, blockStart);
        }
    }

    private void section(BlockCursor c, String block, long blockStart) throws BlockCursor.BadBlock, ScapFormatException {
        long magic = c.u32("the byte-order magic");
        if (magic != (BlockTypes.SECTION_MAGIC & 0xFFFFFFFFL)) {
            throw error(Long.reverseBytes(magic) >>> 32 == BlockTypes.SECTION_MAGIC
                    ? "the capture was written big-endian, which this reader does not read"
                    : "not a libscap capture (bad byte-order magic)", block, blockStart);
        }
        int major = c.u16("the major version");
        int minor = c.u16("the minor version");
        if (major > BlockTypes.MAJOR_VERSION) {
            throw error("the capture format is version " + major + "." + minor + ", newer than the "
                    + BlockTypes.MAJOR_VERSION + ".x this reader reads", block, blockStart);
        }
        sawSection = true;
    }

    private void queue(Object record) {
        if (pending.size() - pendingIndex >= limits.maxRecordsPerBlock()) {
            count("record over the " + limits.maxRecordsPerBlock() + "-records-per-block limit");
            return;
        }
        pending.add(record);
    }

    private static void deliver(Object record, Event into) {
        if (record instanceof ProcessSnapshot p) {
            into.resetProcess(0, p);
        } else if (record instanceof FdSnapshot f) {
            into.resetFd(0, f);
        } else if (record instanceof UserMetadata u) {
            into.resetUser(0, u);
        } else if (record instanceof GroupMetadata g) {
            into.resetGroup(0, g);
        } else if (record instanceof SequencedContainer c) {
            into.resetContainer(c.timestamp, c.container).setSequence(c.sequence);
        }
    }

    /** A container record with the event number and time of the capture event that carried it. */
    private record SequencedContainer(ContainerMetadata container, long sequence, long timestamp) {
    }

    private boolean event(int type, int body, String block, long blockStart, Event into) throws ScapFormatException {
        int at = 2 + (BlockTypes.hasFlags(type) ? 4 : 0);
        boolean v2 = BlockTypes.hasParamCount(type);
        int hdr = v2 ? EventDecoder.HEADER : EventDecoder.HEADER_V1;
        if (body < at + hdr) {
            throw error("the event block is " + (body + FRAMING) + " bytes long, too short for an event header",
                    block, blockStart);
        }
        long ts = LittleEndian.i64(buf, at);
        long tid = LittleEndian.i64(buf, at + 8);
        long len = LittleEndian.u32(buf, at + 16);
        int code = LittleEndian.u16(buf, at + 20);
        if (len < hdr || len > body - at) {
            throw error("the event says it is " + len + " bytes long, but its block holds " + (body - at),
                    block, blockStart);
        }
        int end = at + (int) len;
        EventTable.Spec spec = TABLE.spec(code);
        if (spec == null) {
            count("event code " + code + ": not in libscap's event table as Kestrel carries it");
            return false;
        }
        sequence++;
        int nparams;
        if (v2) {
            long np = LittleEndian.u32(buf, at + 22);
            if (np > (len - hdr) / (spec.largePayload ? 4 : 2)) {
                throw error(spec.describe() + " says it has " + np + " parameters, more than its " + len
                        + " bytes hold", block, blockStart);
            }
            nparams = (int) np;
        } else {
            nparams = oldParamCount(spec, at + hdr, end);
            if (nparams < 0) {
                throw error("the parameters of " + spec.describe() + " do not add up to its length " + len,
                        block, blockStart);
            }
        }
        int lensAt = at + hdr;
        if (spec.container) {
            container(spec, lensAt, nparams, end, ts);
            return false;
        }
        if (spec.type == null) {
            count("event '" + spec.name + "' (code " + code + ", " + (spec.enter ? "enter" : "exit")
                    + "): no Kestrel event type of that name");
            return false;
        }
        long pid = EventDecoder.pid(spec, buf, lensAt, nparams, end, tid);
        into.reset(spec.type, ts, tid, pid, 0).setEnter(spec.enter).setSequence(sequence);
        try {
            EventDecoder.params(spec, buf, lensAt, nparams, end, into);
            if (spec.enter) {
                if (!enters.put(tid, code, nparams, buf, lensAt, end - lensAt)) {
                    count("enter event not paired with its exit: more than " + limits.maxPendingEnters()
                            + " threads inside a call");
                }
            } else {
                completeFromEnter(spec, tid, into);
            }
        } catch (EventDecoder.BadEvent e) {
            throw error(e.getMessage(), block, blockStart);
        }
        return true;
    }

    /** Gives an exit event the parameters only its enter carried (libsinsp pairs the two halves the same way). */
    private void completeFromEnter(EventTable.Spec exit, long tid, Event into) throws EventDecoder.BadEvent {
        EventTable.Spec enter = TABLE.spec(exit.code - 1);
        if (enter == null || !enter.enter || enter.type != exit.type) {
            return;
        }
        int slot = enters.lookup(tid, enter.code);
        if (slot < 0) {
            return;
        }
        EventDecoder.params(enter, enters.bytes(slot), 0, enters.nparams(slot), enters.length(slot), into, true);
        enters.remove(tid);
    }

    /**
     * The parameter count of an event from a block older than V2, whose header does not carry it:
     * the largest count up to the table's whose lengths add up exactly to the event (as libscap
     * finds it), or -1 when none does.
     */
    private int oldParamCount(EventTable.Spec spec, int lensAt, int end) {
        for (int n = spec.paramNames.length; n >= 0; n--) {
            long at = lensAt + 2L * n;
            if (at > end) {
                continue;
            }
            for (int i = 0; i < n; i++) {
                at += LittleEndian.u16(buf, lensAt + 2 * i);
            }
            if (at == end) {
                return n;
            }
            if (at < end) {
                return -1;
            }
        }
        return -1;
    }

    private void container(EventTable.Spec spec, int lensAt, int nparams, int end, long ts) {
        int lenSize = spec.largePayload ? 4 : 2;
        long valueAt = lensAt + (long) nparams * lenSize;
        List<String> values = new ArrayList<>();
        for (int i = 0; i < nparams && valueAt <= end; i++) {
            long len = lenSize == 2 ? LittleEndian.u16(buf, lensAt + 2 * i) : LittleEndian.u32(buf, lensAt + 4 * i);
            if (valueAt + len > end) {
                break;
            }
            values.add(BlockCursor.text(buf, (int) valueAt, (int) len));
            valueAt += len;
        }
        ContainerMetadata c = null;
        if (values.size() == 1) {
            try {
                c = ContainerJson.parse(values.get(0));
            } catch (JsonException e) {
                count("container event with unreadable JSON: " + e.getMessage());
                return;
            }
        } else if (values.size() >= 4) {
            String image = values.get(3);
            int colon = image.lastIndexOf(':');
            c = colon > 0 && !image.substring(colon).contains("/")
                    ? ContainerMetadata.of(values.get(0), values.get(2), image.substring(0, colon), image.substring(colon + 1))
                    : ContainerMetadata.of(values.get(0), values.get(2), image, null);
        }
        if (c == null || c.id() == null) {
            count("container event without a container id");
            return;
        }
        pending.add(new SequencedContainer(c, sequence, ts));
    }

    private void ensure(int size) {
        if (buf.length < size) {
            buf = new byte[Math.max(size, Math.min(buf.length * 2, limits.maxBlockBytes()))];
        }
    }

    private int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = in.readNBytes(b, off, len);
        } catch (EOFException | ZipException e) {
            // a gzip stream cut or damaged: where in the capture, not only the inflater's words
            throw new ScapFormatException(name + ": the gzip-compressed capture is cut or damaged after " + offset
                    + " bytes of capture (" + e.getMessage() + ")", null, offset);
        }
        offset += n;
        return n;
    }

    private void count(String reason) {
        skipped.merge(reason, 1L, Long::sum);
    }

    private ScapFormatException error(String message, String block, long blockStart) {
        String where = block == null ? "" : " (" + block + " at byte " + blockStart + ")";
        return new ScapFormatException(name + ": " + message + where, block, blockStart);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
