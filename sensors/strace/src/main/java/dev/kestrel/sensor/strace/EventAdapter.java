package dev.kestrel.sensor.strace;

import dev.kestrel.core.event.GroupMetadata;
import dev.kestrel.core.event.UserMetadata;
import dev.kestrel.core.spi.EventSink;
import dev.kestrel.sensor.proc.ProcEntry;
import java.util.List;

/** Writes the sensor's neutral records as Kestrel events into a sink. */
interface EventAdapter {

    /** Delivers a process known from /proc, so state knows it before its first event. */
    void snapshot(ProcEntry process, EventSink sink);

    /** Delivers the host's users and groups, so {@code user.name} and {@code group.name} resolve. */
    void accounts(List<UserMetadata> users, List<GroupMetadata> groups, EventSink sink);

    /** Delivers one system call or exit. */
    void call(CallEvent call, EventSink sink);
}
