/** The strace event source: traces a command tree (or running processes) and turns strace's output into Kestrel events. */
module dev.kestrel.sensor.strace {
    requires transitive dev.kestrel.core;
    requires dev.kestrel.sensor.proc;
    requires org.slf4j;

    exports dev.kestrel.sensor.strace;

    provides dev.kestrel.core.spi.EventSourceProvider with dev.kestrel.sensor.strace.StraceSourceProvider;
}
