/**
 * The eBPF event source ({@link dev.kestrel.sensor.ebpf.EbpfSource}, named {@code ebpf}): every process
 * on the host through a bpftrace program Kestrel writes, with container and pod metadata from the OCI
 * runtime's state ({@link dev.kestrel.sensor.ebpf.OciRuntimeMetadata}).
 */
package dev.kestrel.sensor.ebpf;
