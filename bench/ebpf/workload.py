#!/usr/bin/env python3
"""A syscall-heavy workload for bench/ebpf/overhead.sh: prints 'elapsed_s=<seconds> ops=<n> warm=<w> warm_s=<seconds> cpu_s=<seconds>'.

  open N [WARM]   N times open+read+close of a small file (3 system calls each)
  exec N [WARM]   N times fork+exec of /bin/true

WARM iterations run first and are not timed: under a watcher that has just started, they let it
reach its steady state (JIT compilation, caches) before the timed part, as on a node where the
sensor has been running for a while.
"""
import os
import sys
import time


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
    else:
        sys.exit("usage: workload.py open|exec N [WARM]")


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
