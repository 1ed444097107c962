#!/usr/bin/env python3
"""A syscall-heavy workload for bench/ebpf/overhead.sh: prints 'elapsed_s=<seconds> ops=<n>'.

  open N   N times open+read+close of a small file (3 system calls each)
  exec N   N times fork+exec of /bin/true
"""
import os
import sys
import time

kind, n = sys.argv[1], int(sys.argv[2])
start = time.perf_counter()
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
    sys.exit("usage: workload.py open|exec N")
print(f"elapsed_s={time.perf_counter() - start:.3f} ops={n}", flush=True)
