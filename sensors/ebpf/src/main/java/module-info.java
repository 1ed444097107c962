/** The eBPF event source: watches every process on the host through bpftrace, with OCI/CRI container and pod metadata. */
module dev.kestrel.sensor.ebpf {
    requires transitive dev.kestrel.core;
    requires dev.kestrel.sensor.proc;
    requires com.github.benmanes.caffeine;
    requires org.slf4j;
    requires java.management;

    exports dev.kestrel.sensor.ebpf;

    provides dev.kestrel.core.spi.EventSourceProvider with dev.kestrel.sensor.ebpf.EbpfSourceProvider;
    provides dev.kestrel.core.spi.MetadataProvider with dev.kestrel.sensor.ebpf.OciRuntimeMetadata;
}
