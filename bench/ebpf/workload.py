#!/usr/bin/env python3
"""A syscall-heavy workload for bench/ebpf/overhead.sh: prints 'elapsed_s=<seconds> ops=<n> warm=<w> warm_s=<seconds> cpu_s=<seconds>'.

  open N [WARM]   N times open+read+close of a small file (3 system calls each)
  exec N [WARM]   N times fork+exec of /bin/true
  build N [WARM]  N compilations of a small C file with cc -c (each one runs the compiler driver,
                  cc1 and as, which open dozens of headers): a real program's mix of execs and
                  opens rather than one call in a loop

WARM iterations run first and are not timed: under a watcher that has just started, they let it
reach its steady state (JIT compilation, caches) before the timed part, as on a node where the
sensor has been running for a while.
"""
import os
import subprocess
import sys
import tempfile
import time

SOURCE = """#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int f%d(const char *s) { char b[64]; strncpy(b, s, 63); b[63] = 0; return (int) strlen(b) + atoi(s); }
"""


def build(n):
    with tempfile.TemporaryDirectory(prefix="kestrel-build-") as work:
        for i in range(n):
            src = os.path.join(work, f"f{i % 20}.c")
            if not os.path.exists(src):
                with open(src, "w") as out:
                    out.write(SOURCE % (i % 20))
            subprocess.run(["cc", "-O1", "-c", src, "-o", src[:-2] + ".o"], check=True)


def run(kind, n):
    if kind == "open":
        path = "/etc/hostname"
        for _ in range(n):
            fd = os.open(path, os.O_RDONLY)
            os.read(fd, 256)
            os.close(fd)
    elif kind == "exec":
        for _ in range(n):
            pid = os.fork()
            if pid == 0:
                os.execv("/bin/true", ["true"])
            os.waitpid(pid, 0)
    elif kind == "build":
        build(n)
    else:
        sys.exit("usage: workload.py open|exec|build N [WARM]")


kind, n = sys.argv[1], int(sys.argv[2])
warm = int(sys.argv[3]) if len(sys.argv) > 3 else 0
begin = time.perf_counter()
run(kind, warm)
start = time.perf_counter()
cpu_start = os.times()
run(kind, n)
cpu_end = os.times()
end = time.perf_counter()
# CPU seconds of the timed part (this process and, for exec, its children): the probes run inside the
# workload's own system calls, so this shows their cost even when other load stretches the wall time.
cpu = sum(cpu_end[i] - cpu_start[i] for i in range(4))
print(f"elapsed_s={end - start:.3f} ops={n} warm={warm} warm_s={start - begin:.3f} cpu_s={cpu:.2f}", flush=True)
