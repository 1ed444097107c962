package dev.kestrel.sensor.ebpf;

import dev.kestrel.core.event.EventType;
import dev.kestrel.core.spi.EventSource;
import dev.kestrel.core.spi.EventSourceException;
import dev.kestrel.core.spi.EventSourceProvider;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code ebpf} event source: {@code [--bpftrace PATH] [--events TYPE,...] [--] [COMMAND [ARGS...]]}
 * watches every process on the host; with a command, it starts it once the probes are attached and
 * ends after it.
 */
public final class EbpfSourceProvider implements EventSourceProvider {

    /** The name the source is selected by. */
    public static final String NAME = "ebpf";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "every process on the host through bpftrace (eBPF): [--bpftrace PATH] [--events TYPE,...] [--] [COMMAND...]";
    }

    @Override
    public EventSource create(List<String> arguments) throws EventSourceException {
        return new EbpfSource(options(arguments));
    }

    /** Reads the source's arguments into options. */
    public static EbpfOptions options(List<String> arguments) throws EventSourceException {
        EbpfOptions o = EbpfOptions.defaults();
        for (int i = 0; i < arguments.size(); i++) {
            String a = arguments.get(i);
            if (a.equals("--")) {
                return o.withCommand(arguments.subList(i + 1, arguments.size()));
            } else if (a.equals("--bpftrace") || a.equals("--events")) {
                if (i + 1 >= arguments.size()) {
                    throw new EventSourceException(a + " needs a value");
                }
                String v = arguments.get(++i);
                o = a.equals("--bpftrace") ? o.withBpftrace(v) : o.withEvents(types(v));
            } else if (a.startsWith("-")) {
                throw new EventSourceException("unknown option '" + a + "' (put '--' before a command that starts with '-')");
            } else {
                return o.withCommand(arguments.subList(i, arguments.size()));
            }
        }
        return o;
    }

    private static Set<EventType> types(String list) throws EventSourceException {
        Set<EventType> types = EnumSet.noneOf(EventType.class);
        for (String name : list.split(",")) {
            EventType t = EventType.fromName(name.trim());
            if (t == null) {
                throw new EventSourceException("--events: '" + name.trim() + "' is not an event type Falco knows");
            }
            types.add(t);
        }
        return types;
    }
}
