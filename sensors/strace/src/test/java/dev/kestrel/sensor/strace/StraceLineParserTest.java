package dev.kestrel.sensor.strace;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StraceLineParserTest {

    private final StraceLineParser parser = new StraceLineParser(42);

    private SyscallRecord call(String line) {
        ParsedLine p = parser.parse(line);
        assertThat(p).as(line).isInstanceOf(ParsedLine.Whole.class);
        return (SyscallRecord) ((ParsedLine.Whole) p).record();
    }

    @Test
    void prefixesAndTimestamps() {
        SyscallRecord plain = call("1795922149.624738 close(3) = 0");
        assertThat(plain.pid()).isEqualTo(42);
        assertThat(plain.timeNanos()).isEqualTo(1795922149624738000L);
        assertThat(call("[pid  11529] 1795922149.632566 close(3) = 0").pid()).isEqualTo(11529);
        assertThat(call("12709 1795922229.157032 close(3) = 0").pid()).isEqualTo(12709);
    }

    @Test
    void openatWithFdPathsFlagsModeAndResult() {
        SyscallRecord r = call("12709 1795922229.158429 openat(AT_FDCWD</tmp/sx>, \"/tmp/sx/work/a.txt\", "
                + "O_WRONLY|O_CREAT|O_TRUNC, 0644) = 3</tmp/sx/work/a.txt>");
        assertThat(r.name()).isEqualTo("openat");
        assertThat(r.args()).containsExactly("AT_FDCWD</tmp/sx>", "\"/tmp/sx/work/a.txt\"", "O_WRONLY|O_CREAT|O_TRUNC", "0644");
        assertThat(r.returnValue()).isEqualTo(3);
        assertThat(r.resultAnnotation()).isEqualTo("/tmp/sx/work/a.txt");
        assertThat(r.errno()).isNull();
        assertThat(r.succeeded()).isTrue();
    }

    @Test
    void failedCallKeepsItsErrno() {
        SyscallRecord r = call("12709 1795922229.158977 openat(AT_FDCWD</tmp/sx>, \"/nonexistent/x\", O_RDONLY) "
                + "= -1 ENOENT (No such file or directory)");
        assertThat(r.returnValue()).isEqualTo(-1);
        assertThat(r.errno()).isEqualTo("ENOENT");
        assertThat(r.succeeded()).isFalse();
        assertThat(call("1.000001 connect(3<TCP:[27364]>, {sa_family=AF_INET, sin_port=htons(4444), "
                + "sin_addr=inet_addr(\"10.255.255.1\")}, 16) = -1 EINPROGRESS (Operation now in progress)").errno())
                .isEqualTo("EINPROGRESS");
    }

    @Test
    void callsThatDoNotReturn() {
        SyscallRecord r = call("12710 1795922229.192967 exit_group(0)   = ?");
        assertThat(r.returned()).isFalse();
        assertThat(r.args()).containsExactly("0");
        SyscallRecord restart = call("5 1.000001 wait4(-1, 0x7ffd, 0, NULL) = ? ERESTARTSYS (To be restarted if SA_RESTART is set)");
        assertThat(restart.errno()).isEqualTo("ERESTARTSYS");
    }

    @Test
    void hexadecimalResultsAndNoArguments() {
        assertThat(call("5 1.000001 mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f8ebc3a0000")
                .returnValue()).isEqualTo(0x7f8ebc3a0000L);
        SyscallRecord fork = call("5 1.000001 fork() = 77");
        assertThat(fork.args()).isEmpty();
        assertThat(fork.returnValue()).isEqualTo(77);
    }

    @Test
    void nestedStructuresStayOneArgument() {
        SyscallRecord clone3 = call("1795922238.230928 clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD"
                + "|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, child_tid=0x7f1ce2724990, "
                + "parent_tid=0x7f1ce2724990, exit_signal=0, stack=0x7f1ce1f24000, stack_size=0x7fff80, "
                + "tls=0x7f1ce27246c0} => {parent_tid=[12838]}, 88) = 12838");
        assertThat(clone3.args()).hasSize(2);
        assertThat(clone3.arg(0)).startsWith("{flags=CLONE_VM").endsWith("{parent_tid=[12838]}");
        SyscallRecord accept = call("12709 1795922229.178315 accept4(3<TCP:[127.0.0.1:47001]>, {sa_family=AF_INET, "
                + "sin_port=htons(43598), sin_addr=inet_addr(\"127.0.0.1\")}, [16], SOCK_CLOEXEC) "
                + "= 5<TCP:[127.0.0.1:47001->127.0.0.1:43598]>");
        assertThat(accept.args()).hasSize(4);
        assertThat(accept.resultAnnotation()).isEqualTo("TCP:[127.0.0.1:47001->127.0.0.1:43598]");
        SyscallRecord execve = call("12709 1795922229.157032 execve(\"./x\", [\"x\", \"a, (b)\", \"c\\\"]\"], "
                + "0x7ffebd5585e0 /* 35 vars, (really) */) = 0");
        assertThat(execve.args()).hasSize(3);
        assertThat(StraceValues.stringArray(execve.arg(1))).containsExactly("x", "a, (b)", "c\"]");
    }

    @Test
    void annotationsWithNestedAnglesArrowsAndDeletedMarks() {
        SyscallRecord dup2 = call("12709 1.000001 dup2(3</tmp/a.txt>, 10</dev/null<char 1:3>>) = 10</tmp/a.txt>");
        assertThat(dup2.args()).containsExactly("3</tmp/a.txt>", "10</dev/null<char 1:3>>");
        SyscallRecord memfd = call("12709 1.000001 memfd_create(\"payload\", MFD_CLOEXEC) = 3</memfd:payload>(deleted)");
        assertThat(memfd.resultAnnotation()).isEqualTo("/memfd:payload");
        SyscallRecord paren = call("1 1.000001 close(3</tmp/odd (name), x>) = 0");
        assertThat(paren.args()).containsExactly("3</tmp/odd (name), x>");
        SyscallRecord unix = call("1 1.000001 close(3<UNIX-STREAM:[27371,\"/tmp/s>ock\"]>) = 0");
        assertThat(unix.args()).containsExactly("3<UNIX-STREAM:[27371,\"/tmp/s>ock\"]>");
    }

    @Test
    void unfinishedAndResumedHalves() {
        ParsedLine head = parser.parse("[pid 12840] 1795922238.232496 openat(AT_FDCWD</tmp/sx>, \"/etc/hostname\", O_RDONLY <unfinished ...>");
        assertThat(head).isEqualTo(new ParsedLine.Unfinished(12840, 1795922238232496000L, "openat",
                "AT_FDCWD</tmp/sx>, \"/etc/hostname\", O_RDONLY "));
        ParsedLine tail = parser.parse("[pid 12840] 1795922238.232579 <... openat resumed>) = 3</etc/hostname>");
        assertThat(tail).isEqualTo(new ParsedLine.Resumed(12840, 1795922238232579000L, "openat", ") = 3</etc/hostname>"));
        assertThat(parser.parse("1795922149.632400 vfork( <unfinished ...>"))
                .isEqualTo(new ParsedLine.Unfinished(42, 1795922149632400000L, "vfork", " "));
    }

    @Test
    void exitsSignalsAndMessages() {
        assertThat(parser.parse("12710 1.5 +++ exited with 0 +++"))
                .isEqualTo(new ParsedLine.Whole(new ExitRecord(12710, 1_500_000_000L, 0, null, false)));
        assertThat(parser.parse("12713 1.5 +++ killed by SIGSEGV (core dumped) +++"))
                .isEqualTo(new ParsedLine.Whole(new ExitRecord(12713, 1_500_000_000L, -1, "SIGSEGV", true)));
        assertThat(parser.parse("12713 1.5 --- stopped by SIGSTOP ---"))
                .isEqualTo(new ParsedLine.Whole(new SignalRecord(12713, 1_500_000_000L, "SIGSTOP", "stopped")));
        assertThat(parser.parse("12713 1.5 --- SIGPIPE {si_signo=SIGPIPE, si_code=SI_USER, si_pid=1, si_uid=0} ---"))
                .isInstanceOfSatisfying(ParsedLine.Whole.class,
                        w -> assertThat(((SignalRecord) w.record()).signal()).isEqualTo("SIGPIPE"));
        assertThat(parser.parse("strace: Process 77 attached")).isEqualTo(new ParsedLine.Message("Process 77 attached"));
        assertThat(parser.parse("12 1.5 +++ superseded by execve in pid 13 +++")).isEqualTo(new ParsedLine.Superseded(12, 13));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''                                             | blank line",
        "hello                                          | no timestamp",
        "5 12:00:01 close(3) = 0                        | no timestamp",
        "5 1.0 = 3                                      | not a system call",
        "5 1.0 close(3 = 0                              | unbalanced arguments",
        "5 1.0 close(3)                                 | no result",
        "5 1.0 close(3) =                               | no result",
        "5 1.0 close(3) = zz                            | bad result",
        "5 1.0 open(\"/x, O_RDONLY) = 3                 | unbalanced arguments",
        "[pid 5 1.0 close(3) = 0                        | bad pid prefix",
        "5 1.0 <... close                               | bad resumed line",
        "5 1.0 +++ exited with x +++                    | bad exit line",
        "5 1.0 --- oops ---                             | bad signal line",
    })
    void garbage(String line, String reason) {
        assertThat(parser.parse(line)).isInstanceOfSatisfying(ParsedLine.Garbage.class,
                g -> assertThat(g.reason()).isEqualTo(reason));
    }

    @Test
    void openAndCreatWithoutDirectoryFd() {
        SyscallRecord open = call("9 1.0 open(\"/etc/shadow\", O_RDONLY|O_CLOEXEC) = 3</etc/shadow>");
        assertThat(open.args()).containsExactly("\"/etc/shadow\"", "O_RDONLY|O_CLOEXEC");
        SyscallRecord creat = call("12709 1795922229.158896 creat(\"/tmp/sx/work/b.txt\", 0600) = 3</tmp/sx/work/b.txt>");
        assertThat(StraceValues.number(creat.arg(1))).isEqualTo(0600);
    }
}
