/** The scap event source: reads Falco/sysdig capture files (libscap's .scap format, plain or gzip) into Kestrel events. */
module dev.kestrel.sensor.scap {
    requires transitive dev.kestrel.core;
    requires dev.kestrel.sensor.proc;
    requires org.slf4j;

    exports dev.kestrel.sensor.scap;

    provides dev.kestrel.core.spi.EventSourceProvider with dev.kestrel.sensor.scap.ScapSourceProvider;
}
