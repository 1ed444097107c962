package dev.kestrel.fields;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.EventType;
import dev.kestrel.core.field.FieldAccessor;
import dev.kestrel.core.field.IpAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldValueBinderTest {

    private final FieldValueBinder binder = new FieldValueBinder(FieldProbe.CATALOGUE);
    private final FieldProbe f = new FieldProbe(binder);
    private final FieldValuesContext ctx = new FieldValuesContext(() -> 42);

    private FieldValuesContext event(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return ctx.reset(m);
    }

    @Test
    void readsGivenValuesByType() {
        event("evt.type", "openat", "proc.name", "cat", "fd.num", 3L, "fd.connected", false, "user.name", null,
                "fd.sip", "10.0.0.2", "evt.arg.flags", "O_RDONLY", "proc.aname[2]", "java");
        assertThat(ctx.event().type()).isEqualTo(EventType.OPENAT);
        assertThat(ctx.event().timestampNanos()).isEqualTo(42);
        assertThat(f.text(ctx, "proc.name")).isEqualTo("cat");
        assertThat(f.text(ctx, "fd.num")).isEqualTo("3");
        assertThat(f.text(ctx, "fd.connected")).isEqualTo("false");
        assertThat(f.text(ctx, "user.name")).isNull();
        assertThat(f.text(ctx, "proc.pname")).isNull();
        assertThat(((FieldAccessor.OfIp) f.bind("fd.sip")).get(ctx)).isEqualTo(IpAddress.parse("10.0.0.2"));
        assertThat(f.text(ctx, "evt.arg.flags")).isEqualTo("O_RDONLY");
        assertThat(f.text(ctx, "proc.aname[2]")).isEqualTo("java");
    }

    @Test
    void derivesWhatFalcoDerives() {
        event("fd.name", "/etc/shadow", "fd.cip", "10.0.0.1", "fd.sip", "10.0.0.2", "fd.cport", 4000L, "fd.sport", 443L,
                "proc.pname", "sh", "proc.aname[2]", "java", "proc.aname[3]", "containerd-shim",
                "fd.types", List.of("ipv4", "file"));
        assertThat(f.text(ctx, "fd.directory")).isEqualTo("/etc");
        assertThat(f.text(ctx, "fd.filename")).isEqualTo("shadow");
        assertThat(f.anyEquals(ctx, "proc.aname", "java")).isTrue();
        assertThat(f.anyEquals(ctx, "proc.aname", "sh")).isTrue();
        assertThat(f.anyEquals(ctx, "proc.aname", "bash")).isFalse();
        assertThat(f.text(ctx, "proc.aname[1]")).isEqualTo("sh");
        FieldAccessor.OfEndpoints port = (FieldAccessor.OfEndpoints) f.bind("fd.port");
        assertThat(((FieldAccessor.OfLong) port.client()).get(ctx)).isEqualTo(4000);
        assertThat(((FieldAccessor.OfLong) port.server()).get(ctx)).isEqualTo(443);
        FieldAccessor.OfEndpoints ip = (FieldAccessor.OfEndpoints) f.bind("fd.ip");
        assertThat(((FieldAccessor.OfIp) ip.client()).get(ctx)).isEqualTo(IpAddress.parse("10.0.0.1"));
        FieldAccessor.OfStrings types = (FieldAccessor.OfStrings) f.bind("fd.types");
        assertThat(types.allMatch(ctx, t -> t.equals("ipv4") || t.equals("file"))).isTrue();
        assertThat(types.allMatch(ctx, "ipv4"::equals)).isFalse();
        assertThat(f.text(ctx, "fd.types")).isEqualTo("(ipv4,file)");
    }

    @Test
    void reportsUnknownKeys() {
        assertThat(binder.check(Map.of("proc.nme", "x", "proc.name", "y")))
                .containsExactly("unknown field 'proc.nme' (did you mean proc.name?)");
    }
}
