package dev.kestrel.core.event;

import dev.kestrel.core.event.ContainerMetadata;
import dev.kestrel.core.event.GroupMetadata;
import dev.kestrel.core.event.HostEntry;
import dev.kestrel.core.event.PodMetadata;
import dev.kestrel.core.event.UserMetadata;
import java.util.List;
import java.util.Locale;

/**
 * One event as a sensor hands it to Kestrel. Mutable and reusable: a sensor may fill the same
 * instance for every event it produces on one thread, so nothing is allocated per event.
 *
 * <p>Fill it with {@link #reset} (type, time, thread, process, return value), then the parameters of
 * that type by slot ({@link EventType#slot}, resolved once) or, more slowly, by name:
 * <pre>{@code
 * int name = EventType.OPENAT.slot("name");          // once
 * event.reset(EventType.OPENAT, ts, tid, pid, 3).setText(name, "/etc/shadow");
 * event.setParam("flags", "O_RDONLY|O_CLOEXEC");      // by name: a map lookup
 * }</pre>
 * Numeric parameters are stored as longs, text as strings (a {@link ParamKind#FLAGS} parameter set as
 * text is stored as both), lists as {@code List<String>}. Kestrel records (process snapshots,
 * container and pod metadata) carry their record instead of parameters.
 */
public final class Event {

    /** Most parameters an event type may have. */
    public static final int MAX_PARAMS = 32;

    private EventType type;
    private long timestampNanos;
    private long tid;
    private long pid;
    private long returnValue;
    private int numberMask;
    private int textMask;
    private int listMask;
    private int cutMask;
    private final long[] numbers = new long[MAX_PARAMS];
    private final String[] texts = new String[MAX_PARAMS];
    @SuppressWarnings("unchecked")
    private final List<String>[] lists = new List[MAX_PARAMS];
    private Object record;
    /** The container a user or group record belongs to (null: the host's). */
    private String recordContainer;
    private boolean enter;
    private long sequence;

    public EventType type() {
        return type;
    }

    public long timestampNanos() {
        return timestampNanos;
    }

    public long tid() {
        return tid;
    }

    public long pid() {
        return pid;
    }

    /** The return value: the new fd, child pid, 0, or a negative errno on failure. */
    public long returnValue() {
        return returnValue;
    }

    /** Resets this event for reuse and sets its header; every parameter is cleared. */
    public Event reset(EventType type, long timestampNanos, long tid, long pid, long returnValue) {
        this.type = type;
        this.timestampNanos = timestampNanos;
        this.tid = tid;
        this.pid = pid;
        this.returnValue = returnValue;
        this.numberMask = 0;
        this.textMask = 0;
        this.listMask = 0;
        this.cutMask = 0;
        this.record = null;
        this.recordContainer = null;
        this.enter = false;
        this.sequence = 0;
        return this;
    }

    /**
     * True for the enter half of a syscall ({@code evt.dir} is {@code >}), as capture files record
     * it; false for the exit half, the default, which carries the return value.
     */
    public boolean isEnter() {
        return enter;
    }

    /** Marks this event as the enter half of its syscall (true) or the exit half (false). */
    public Event setEnter(boolean enter) {
        this.enter = enter;
        return this;
    }

    /**
     * The number the source gave this event ({@code evt.num}), or 0 when the state numbers events
     * itself (1, 2, 3... in the order they are applied).
     */
    public long sequence() {
        return sequence;
    }

    /** Sets the number {@code evt.num} shows for this event; 0 lets the state number it. */
    public Event setSequence(long sequence) {
        this.sequence = sequence;
        return this;
    }

    /** Resets this event to carry a process snapshot record. */
    public Event resetProcess(long timestampNanos, ProcessSnapshot process) {
        reset(EventType.PROCESS_SNAPSHOT, timestampNanos, process.tid(), process.pid(), 0);
        this.record = process;
        return this;
    }

    /** Resets this event to carry one open fd of a process, as a capture file lists it. */
    public Event resetFd(long timestampNanos, FdSnapshot fd) {
        reset(EventType.FD_SNAPSHOT, timestampNanos, fd.pid(), fd.pid(), 0);
        this.record = fd;
        return this;
    }

    /** The fd of a {@link EventType#FD_SNAPSHOT} record, else null. */
    public FdSnapshot fdSnapshot() {
        return record instanceof FdSnapshot f ? f : null;
    }

    /** Resets this event to carry container metadata. */
    public Event resetContainer(long timestampNanos, ContainerMetadata container) {
        return resetRecord(EventType.CONTAINER_METADATA, timestampNanos, container);
    }

    /** Resets this event to carry pod metadata. */
    public Event resetPod(long timestampNanos, PodMetadata pod) {
        return resetRecord(EventType.POD_METADATA, timestampNanos, pod);
    }

    /** Resets this event to carry a user account. */
    public Event resetUser(long timestampNanos, UserMetadata user) {
        return resetRecord(EventType.USER_METADATA, timestampNanos, user);
    }

    /** Resets this event to carry a group. */
    public Event resetGroup(long timestampNanos, GroupMetadata group) {
        return resetRecord(EventType.GROUP_METADATA, timestampNanos, group);
    }

    /** Resets this event to carry a user account of container {@code containerId} (12 characters; null: the host's). */
    public Event resetUser(long timestampNanos, UserMetadata user, String containerId) {
        resetRecord(EventType.USER_METADATA, timestampNanos, user);
        this.recordContainer = containerId;
        return this;
    }

    /** Resets this event to carry a group of container {@code containerId} (null: the host's). */
    public Event resetGroup(long timestampNanos, GroupMetadata group, String containerId) {
        resetRecord(EventType.GROUP_METADATA, timestampNanos, group);
        this.recordContainer = containerId;
        return this;
    }

    /** The container a user or group record belongs to, or null for the host's. */
    public String recordContainerId() {
        return recordContainer;
    }

    /** Resets this event to carry a host name for an address. */
    public Event resetHost(long timestampNanos, HostEntry host) {
        return resetRecord(EventType.HOST_ENTRY, timestampNanos, host);
    }

    /** Resets this event to carry a metadata record of {@code type}; no thread is involved. */
    private Event resetRecord(EventType type, long timestampNanos, Object metadata) {
        reset(type, timestampNanos, 0, 0, 0);
        this.record = metadata;
        return this;
    }

    /** The entry of a {@link EventType#HOST_ENTRY} record, else null. */
    public HostEntry host() {
        return record instanceof HostEntry h ? h : null;
    }

    /** The account of a {@link EventType#USER_METADATA} record, else null. */
    public UserMetadata user() {
        return record instanceof UserMetadata u ? u : null;
    }

    /** The group of a {@link EventType#GROUP_METADATA} record, else null. */
    public GroupMetadata group() {
        return record instanceof GroupMetadata g ? g : null;
    }

    /** The snapshot of a {@link EventType#PROCESS_SNAPSHOT} record, else null. */
    public ProcessSnapshot process() {
        return record instanceof ProcessSnapshot p ? p : null;
    }

    /** The metadata of a {@link EventType#CONTAINER_METADATA} record, else null. */
    public ContainerMetadata container() {
        return record instanceof ContainerMetadata c ? c : null;
    }

    /** The metadata of a {@link EventType#POD_METADATA} record, else null. */
    public PodMetadata pod() {
        return record instanceof PodMetadata p ? p : null;
    }

    /** Sets the return value (for sensors that learn it after the parameters). */
    public Event setReturnValue(long returnValue) {
        this.returnValue = returnValue;
        return this;
    }

    /** Sets a numeric parameter by slot. */
    public Event setNumber(int slot, long value) {
        numbers[slot] = value;
        numberMask |= 1 << slot;
        textMask &= ~(1 << slot);
        return this;
    }

    /**
     * Sets a text parameter by slot. For a {@link ParamKind#FLAGS} parameter the text ({@code O_RDONLY|O_CREAT})
     * is also parsed to its number; for another numeric kind a decimal text is stored as a number.
     */
    public Event setText(int slot, String value) {
        if (value == null) {
            return clear(slot);
        }
        EventParam p = slot < type.params().size() ? type.params().get(slot) : null;
        if (p != null && p.kind() == ParamKind.FLAGS && p.flags() != null) {
            numbers[slot] = p.flags().parse(value);
            numberMask |= 1 << slot;
        } else if (p != null && p.kind().numeric()) {
            try {
                numbers[slot] = Long.parseLong(value.trim());
                numberMask |= 1 << slot;
                textMask &= ~(1 << slot);
                return this;
            } catch (NumberFormatException e) {
                numberMask &= ~(1 << slot);
            }
        }
        texts[slot] = value;
        textMask |= 1 << slot;
        return this;
    }

    /**
     * Sets a {@link ParamKind#FLAGS} parameter whose text the caller has already parsed to
     * {@code value} (what {@link #setText} would compute), so a decoder that caches parsed flags
     * allocates nothing.
     */
    public Event setFlags(int slot, String text, long value) {
        numbers[slot] = value;
        numberMask |= 1 << slot;
        texts[slot] = text;
        textMask |= 1 << slot;
        return this;
    }

    /** Marks the parameter in {@code slot} as cut: a reader kept only the first bytes of a longer string. */
    public Event markCut(int slot) {
        cutMask |= 1 << slot;
        return this;
    }

    /** Whether the parameter in {@code slot} was cut by a reader's string limit. */
    public boolean isCut(int slot) {
        return slot >= 0 && (cutMask & (1 << slot)) != 0;
    }

    /** Whether any parameter of this event was cut by a reader's length limit ({@code evt.is_truncated}). */
    public boolean anyCut() {
        return cutMask != 0;
    }

    /** Sets a list parameter (argv, environment, cgroups) by slot; the list is kept, not copied. */
    public Event setList(int slot, List<String> value) {
        if (value == null) {
            return clear(slot);
        }
        lists[slot] = value;
        listMask |= 1 << slot;
        return this;
    }

    /** Removes a parameter. */
    public Event clear(int slot) {
        int bit = ~(1 << slot);
        numberMask &= bit;
        textMask &= bit;
        listMask &= bit;
        cutMask &= bit;
        return this;
    }

    /**
     * Sets a numeric parameter by name (a map lookup: keep the {@link EventType#slot} on hot paths).
     *
     * @throws IllegalArgumentException when this event type has no such parameter, naming its parameters
     */
    public Event setParam(String name, long value) {
        return setNumber(type.slot(name), value);
    }

    /**
     * Sets a text parameter by name (a map lookup: keep the {@link EventType#slot} on hot paths).
     *
     * @throws IllegalArgumentException when this event type has no such parameter, naming its parameters
     */
    public Event setParam(String name, String value) {
        return setText(type.slot(name), value);
    }

    /**
     * Sets a list parameter by name (a map lookup: keep the {@link EventType#slot} on hot paths).
     *
     * @throws IllegalArgumentException when this event type has no such parameter, naming its parameters
     */
    public Event setParam(String name, List<String> value) {
        return setList(type.slot(name), value);
    }

    /** Whether the parameter in {@code slot} was set (in any form). */
    public boolean has(int slot) {
        return slot >= 0 && ((numberMask | textMask | listMask) & (1 << slot)) != 0;
    }

    /** Whether the parameter in {@code slot} has a number. */
    public boolean hasNumber(int slot) {
        return slot >= 0 && (numberMask & (1 << slot)) != 0;
    }

    /** Whether the parameter in {@code slot} has a text. */
    public boolean hasText(int slot) {
        return slot >= 0 && (textMask & (1 << slot)) != 0;
    }

    /** The number in {@code slot}, or {@code otherwise} when it has none. */
    public long number(int slot, long otherwise) {
        return hasNumber(slot) ? numbers[slot] : otherwise;
    }

    /** The text in {@code slot}, or null. */
    public String text(int slot) {
        return hasText(slot) ? texts[slot] : null;
    }

    /** The list in {@code slot}, or null. */
    public List<String> list(int slot) {
        return slot >= 0 && (listMask & (1 << slot)) != 0 ? lists[slot] : null;
    }

    /**
     * The parameter in {@code slot} rendered as Falco prints {@code evt.arg.NAME}: text as given,
     * flags as names, modes in octal, lists joined by blanks; null when it is not set.
     */
    public String render(int slot) {
        if (!has(slot)) {
            return null;
        }
        if (hasText(slot)) {
            return texts[slot];
        }
        List<String> list = list(slot);
        if (list != null) {
            return String.join(" ", list);
        }
        long v = numbers[slot];
        EventParam p = slot < type.params().size() ? type.params().get(slot) : null;
        if (p == null) {
            return Long.toString(v);
        }
        return switch (p.kind()) {
            case FLAGS -> p.flags() == null ? Long.toString(v) : p.flags().render(v);
            case MODE -> "0" + Long.toOctalString(v);
            case ERRNO -> v < 0 ? Errno.name(-v) : Long.toString(v);
            default -> Long.toString(v);
        };
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(type == null ? "?" : type.name().toLowerCase(Locale.ROOT))
                .append(" ts=").append(timestampNanos).append(" tid=").append(tid).append(" pid=").append(pid)
                .append(" ret=").append(returnValue);
        if (type != null) {
            for (EventParam p : type.params()) {
                if (has(p.slot())) {
                    sb.append(' ').append(p.name()).append('=').append(render(p.slot()));
                    if (isCut(p.slot())) {
                        sb.append("...");
                    }
                }
            }
        }
        if (record != null) {
            sb.append(' ').append(record);
        }
        return sb.toString();
    }
}
