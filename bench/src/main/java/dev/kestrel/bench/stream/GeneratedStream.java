package dev.kestrel.bench.stream;

import java.util.List;

/**
 * A generated stream: metadata and process snapshots (the state it starts from), a prologue of
 * events that open the long-lived files and sockets, and a body that can be replayed in a loop
 * because every process it starts exits and every descriptor it opens is closed within it.
 * {@code triggers} counts the body events that were generated to trip a rule.
 */
public record GeneratedStream(long seed, List<ContainerRecord> containers, List<ProcessRecord> processes,
        List<SyscallRecord> prologue, List<SyscallRecord> body, int triggers) {

    public GeneratedStream {
        containers = List.copyOf(containers);
        processes = List.copyOf(processes);
        prologue = List.copyOf(prologue);
        body = List.copyOf(body);
    }

    /** The share of each event type in the body. */
    public EventMix mix() {
        return EventMix.of(body, triggers);
    }
}
