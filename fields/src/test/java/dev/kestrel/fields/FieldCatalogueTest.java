package dev.kestrel.fields;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.field.ArgumentForm;
import dev.kestrel.core.field.FieldCatalogue;
import dev.kestrel.core.field.FieldFlag;
import dev.kestrel.core.field.FieldType;
import dev.kestrel.core.field.Resolution;
import java.util.List;
import org.junit.jupiter.api.Test;

class FieldCatalogueTest {

    static final FieldCatalogue CATALOGUE = FieldCatalogue.load(FieldCatalogueTest.class.getClassLoader());

    /**
     * Every field written in Falco's official rules (conditions, outputs and exceptions, as written, so
     * {@code proc.aname[1]} to {@code [7]} each), plus {@code container.name} and {@code k8s.pod.name},
     * which Falco's container plugin appends to every output.
     */
    static final List<String> OFFICIAL = List.of("container.id", "container.image.repository",
            "container.privileged", "container.start_ts", "evt.arg.domain", "evt.arg.flags", "evt.arg.linkpath",
            "evt.arg.newpath", "evt.arg.oldpath", "evt.arg.request", "evt.arg.target", "evt.args",
            "evt.is_open_read", "evt.is_open_write", "evt.num", "evt.rawres", "evt.res", "evt.type",
            "fd.connected", "fd.directory", "fd.filename", "fd.ip", "fd.l4proto", "fd.lport", "fd.name",
            "fd.name_changed", "fd.nameraw", "fd.net", "fd.num", "fd.rport", "fd.sip", "fd.sip.name", "fd.snet",
            "fd.sport", "fd.type", "fd.typechar", "group.gid", "group.name", "k8s.ns.name", "proc.aexepath[2]",
            "proc.aname", "proc.aname[1]", "proc.aname[2]", "proc.aname[3]", "proc.aname[4]", "proc.aname[5]",
            "proc.aname[6]", "proc.aname[7]", "proc.args", "proc.cmdline", "proc.cwd",
            "proc.duration", "proc.exe", "proc.exe_ino.ctime", "proc.exe_ino.ctime_duration_proc_start",
            "proc.exe_ino.mtime", "proc.exepath", "proc.is_exe_from_memfd", "proc.is_exe_upper_layer",
            "proc.name", "proc.pcmdline", "proc.pexe", "proc.pexepath", "proc.pname", "proc.sname", "proc.tty",
            "thread.cap_effective", "user.loginname", "user.loginuid", "user.name", "user.uid",
            "k8s.pod.name", "container.name");

    @Test
    void listsEveryClassOfTheCatalogue() {
        assertThat(CATALOGUE.classes()).extracting(c -> c.name())
                .contains("evt", "proc", "fd", "user", "group", "fs.path", "container", "k8s");
        assertThat(CATALOGUE.descriptors()).hasSizeGreaterThan(290);
        assertThat(CATALOGUE.descriptor("fd.types").has(FieldFlag.LIST)).isTrue();
        assertThat(CATALOGUE.descriptor("fd.sport").type()).isEqualTo(FieldType.PORT);
        assertThat(CATALOGUE.descriptor("proc.aname").argument()).isEqualTo(ArgumentForm.INDEX_OPTIONAL);
    }

    @Test
    void resolvesEveryFieldOfTheOfficialRuleset() {
        for (String f : OFFICIAL) {
            assertThat(CATALOGUE.resolve(f).found()).as(f).isTrue();
        }
    }

    @Test
    void resolvesDottedSuffixes() {
        Resolution r = CATALOGUE.resolve("evt.arg.flags", null);
        assertThat(r.ref().descriptor().name()).isEqualTo("evt.arg");
        assertThat(r.ref().argument()).isEqualTo("flags");
        assertThat(r.ref().text()).isEqualTo("evt.arg.flags");
        assertThat(CATALOGUE.resolve("evt.arg", "1").ref().text()).isEqualTo("evt.arg[1]");
        assertThat(CATALOGUE.resolve("evt.rawarg.res", null).ref().descriptor().name()).isEqualTo("evt.rawarg");
        assertThat(CATALOGUE.resolve("evt.type.is.open", null).ref().argument()).isEqualTo("open");
        assertThat(CATALOGUE.resolve("thread.cgroup.cpuacct", null).ref().argument()).isEqualTo("cpuacct");
        assertThat(CATALOGUE.resolve("thread.cgroups", null).ref().descriptor().name()).isEqualTo("thread.cgroups");
        assertThat(CATALOGUE.resolve("fd.sip.name", null).ref().descriptor().name()).isEqualTo("fd.sip.name");
    }

    @Test
    void resolvesBracketArguments() {
        assertThat(CATALOGUE.resolve("proc.aname", "2").ref().text()).isEqualTo("proc.aname[2]");
        assertThat(CATALOGUE.resolve("k8s.pod.label", "app").ref().argument()).isEqualTo("app");
        assertThat(CATALOGUE.resolve("proc.env", "HOME").found()).isTrue();
        assertThat(CATALOGUE.resolve("container.mount.dest", "/usr/local/*").found()).isTrue();
    }

    @Test
    void explainsUnknownFieldsWithTheNearestName() {
        Resolution r = CATALOGUE.resolve("proc.nme", null);
        assertThat(r.found()).isFalse();
        assertThat(r.message()).isEqualTo("unknown field 'proc.nme' (did you mean proc.name?)");
        assertThat(((Resolution.Unknown) r).suggestion()).isEqualTo("proc.name");
        assertThat(CATALOGUE.resolve("ka.verb", null).message()).isEqualTo("unknown field 'ka.verb'");
    }

    @Test
    void rejectsArgumentsOfTheWrongForm() {
        assertThat(CATALOGUE.resolve("proc.aname", "x").message())
                .isEqualTo("field 'proc.aname[x]' needs an index from 0 to 2147483647 in brackets, got 'x'");
        // an index every indexed field can read as an int: none negative, none past Integer.MAX_VALUE
        for (String index : new String[] {"-1", "2147483648", "99999999999", "\u0663"}) {
            assertThat(CATALOGUE.resolve("proc.aname", index).found()).as(index).isFalse();
            assertThat(CATALOGUE.resolve("proc.apid", index).found()).as(index).isFalse();
        }
        assertThat(CATALOGUE.resolve("proc.aname", "2147483647").found()).isTrue();
        assertThat(CATALOGUE.resolve("proc.name", "1").message())
                .isEqualTo("field 'proc.name' takes no argument, but 'proc.name[1]' gives one");
        assertThat(CATALOGUE.resolve("k8s.pod.label", null).message())
                .isEqualTo("field 'k8s.pod.label' needs an argument: k8s.pod.label[KEY]");
        assertThat(CATALOGUE.resolve("evt.arg", null).message())
                .isEqualTo("field 'evt.arg' needs an argument: evt.arg.NAME or evt.arg[N]");
        assertThat(CATALOGUE.resolve("evt.rawarg", "0").found()).isFalse();
    }
}
