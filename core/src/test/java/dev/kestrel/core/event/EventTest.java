package dev.kestrel.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class EventTest {

    @Test
    void knowsEveryEventTypeTheOfficialRulesName() {
        for (String n : List.of("connect", "dup", "dup2", "dup3", "execve", "execveat", "finit_module", "init_module",
                "link", "linkat", "open", "openat", "openat2", "ptrace", "sendmsg", "sendto", "socket", "symlink",
                "symlinkat", "procexit", "switch", "signaldeliver", "pread", "accept4", "clone3", "memfd_create")) {
            assertThat(EventType.fromName(n)).as(n).isNotNull();
        }
        assertThat(EventType.fromName("opn")).isNull();
        assertThat(EventType.fromName("process_snapshot")).isNull();
        assertThat(EventType.PROCESS_SNAPSHOT.internal()).isTrue();
        assertThat(EventType.names()).hasSizeGreaterThan(400);
    }

    @Test
    void storesParametersBySlotAndRendersThem() {
        Event e = new Event();
        int name = EventType.OPENAT.slot("name");
        int flags = EventType.OPENAT.slot("flags");
        int mode = EventType.OPENAT.slot("mode");
        e.reset(EventType.OPENAT, 10, 101, 100, 3).setText(name, "/etc/shadow").setText(flags, "O_WRONLY|O_CREAT");
        e.setNumber(mode, 0644);
        assertThat(e.text(name)).isEqualTo("/etc/shadow");
        assertThat(e.number(flags, -1)).isEqualTo(01 | 0100);
        assertThat(e.render(flags)).isEqualTo("O_WRONLY|O_CREAT");
        assertThat(e.render(mode)).isEqualTo("0644");
        assertThat(e.has(EventType.OPENAT.slot("dirfd"))).isFalse();

        e.reset(EventType.OPENAT, 11, 101, 100, -2);
        assertThat(e.has(name)).isFalse();
        e.setNumber(flags, 02001101);
        assertThat(e.render(flags)).isEqualTo("O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC");
        assertThatThrownBy(() -> e.setParam("nmae", "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no parameter 'nmae'").hasMessageContaining("did you mean 'name'?")
                .hasMessageContaining("its parameters: ");
        assertThatThrownBy(() -> EventType.EXECVE.slot("filenme")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("did you mean 'filename'?");
        assertThat(EventType.EXECVE.slotIfPresent("filenme")).isEqualTo(-1);
    }

    @Test
    void flagTablesParseNamesAndNumbers() {
        assertThat(FlagTable.CLONE.parse("CLONE_VM|CLONE_FILES|CLONE_THREAD")).isEqualTo(0x100 | 0x400 | 0x10000);
        assertThat(FlagTable.FAMILY.render(17)).isEqualTo("AF_PACKET");
        assertThat(FlagTable.PTRACE.parse("PTRACE_ATTACH")).isEqualTo(16);
        assertThat(FlagTable.OPEN.render(0)).isEqualTo("O_RDONLY");
        assertThat(FlagTable.OPEN.parse("0x241")).isEqualTo(0x241);
        assertThat(Errno.name(2)).isEqualTo("ENOENT");
        assertThat(Errno.code("EINPROGRESS")).isEqualTo(115);
    }
}
