/** The {@code kestrel} command line: demo, validate, parse, fields, replay, eval, filter, watch, config and test. */
module dev.kestrel.cli {
    requires dev.kestrel.engine;
    requires dev.kestrel.sensor.proc;
    requires dev.kestrel.sensor.strace;
    requires dev.kestrel.sensor.ebpf;
    requires dev.kestrel.response;
    requires dev.kestrel.sensor.scap;
    requires dev.kestrel.testkit;
    requires org.slf4j;

    uses dev.kestrel.core.spi.EventSourceProvider;
}
