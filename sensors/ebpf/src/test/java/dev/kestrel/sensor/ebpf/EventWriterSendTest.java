package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.kestrel.core.alert.Alert;
import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventType;
import dev.kestrel.core.testsupport.SharedFiles;
import dev.kestrel.engine.runtime.Kestrel;
import dev.kestrel.engine.runtime.RuleMatching;
import dev.kestrel.engine.sink.CollectingSink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A datagram sent from an unbound UDP socket, through the writer, as Falco's outbound macro sees it. */
class EventWriterSendTest {

    private static final String RULE = """
            - rule: Outbound datagram
              desc: Falco's outbound macro on a send
              condition: outbound and evt.type in (sendto, sendmsg)
              output: outbound type=%evt.type connection=%fd.name proto=%fd.l4proto
              priority: NOTICE
            """;

    @TempDir
    Path proc;

    private List<String> send(LocalAddresses local, String call, String remoteIp) {
        CollectingSink sink = new CollectingSink("test");
        try (Kestrel kestrel = Kestrel.builder().rules(SharedFiles.falcoRules()).rulesText("send.yaml", RULE)
                .ruleMatching(RuleMatching.ALL).sink(sink).build()) {
            Event socket = new Event().reset(EventType.SOCKET, 1_000, 70, 70, 3);
            socket.setParam("fd", 3);
            socket.setParam("domain", 2);
            socket.setParam("type", 2);
            socket.setParam("proto", 0);
            kestrel.process(socket);
            EventWriter writer = new EventWriter(0, new CgroupNames(10, 1 << 20), "", null, proc, Ticker.systemTicker(), local);
            writer.write(new SensorRecord.Net(call, 2_000, 70, 70, 1, 3, false, 2, "0.0.0.0", 40000, remoteIp, 53, null),
                    kestrel::process);
            kestrel.flush(Duration.ofSeconds(10));
        }
        return sink.alerts().stream().filter(a -> a.rule().equals("Outbound datagram")).map(Alert::output)
                .map(o -> o.substring(o.indexOf("outbound "))).toList();
    }

    @Test
    void theLocalEndIsInferredFromTheHostsInterfacesSoTheOutboundMacroMatches() {
        LocalAddresses host = new LocalAddresses(List.of(new LocalAddresses.Interface(LocalAddresses.parse("127.0.0.1"), -1 << 24),
                new LocalAddresses.Interface(LocalAddresses.parse("192.0.2.2"), -1 << 8)));
        assertThat(send(host, "sendto", "203.0.113.2"))
                .containsExactly("outbound type=sendto connection=192.0.2.2:40000->203.0.113.2:53 proto=udp");
        assertThat(send(host, "sendmsg", "203.0.113.3"))
                .containsExactly("outbound type=sendmsg connection=192.0.2.2:40000->203.0.113.3:53 proto=udp");
    }

    @Test
    void withoutAnInterfaceToInferFromTheLocalEndStaysUnknownAndTheMacroDoesNotMatch() {
        assertThat(send(new LocalAddresses(List.of()), "sendto", "203.0.113.2")).isEmpty();
    }

    @Test
    void aDatagramToAPrivateAddressIsNotOutbound() {
        LocalAddresses host = new LocalAddresses(List.of(new LocalAddresses.Interface(LocalAddresses.parse("192.0.2.2"), -1 << 8)));
        assertThat(send(host, "sendto", "10.0.0.53")).isEmpty();
    }
}
