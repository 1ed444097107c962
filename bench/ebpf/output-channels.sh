#!/usr/bin/env bash
# Compares the two ways a bpftrace 0.17 program can hand records to user space, on the open loop of
# workload.py, to show where the eBPF sensor's per-record cost comes from:
#   bare     no program;
#   printf   one printf per open and per close (what the sensor does): each record is a perf-buffer
#            write, which wakes bpftrace inside the workload's own system call;
#   batched  each open and close is stored in a hash map instead (key: thread, time), and a 100 ms
#            timer prints the map and clears it; the timer switches writers between two maps first,
#            so a map is printed only while nothing writes to it;
#   queued   what the sensor does for fork, exit and exec headers (KernelQueues): each record is stored
#            in its CPU's queue (a hash map keyed by CPU and sequence number), and a timer program
#            prints every CPU's queue in the kernel, a batch at a time; a full queue is counted. Here
#            the timer runs every 1 ms with batches of 512, so that a loop of small records does not
#            outrun it; the sensor's larger records allow 5 ms and smaller batches (verifier limits).
# Per mode it prints the workload's elapsed seconds and slowdown, the records the programs wrote
# (a kernel counter), the records bpftrace printed, and bpftrace's own CPU seconds.
# Needs root, bpftrace and python3. No Kestrel code runs here: this measures bpftrace alone.
#   bench/ebpf/output-channels.sh [OPEN_N] [ROUNDS]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
open_n="${1:-200000}"
rounds="${2:-1}"
work_dir=$(mktemp -d)
trap 'rm -rf "$work_dir"' EXIT
# A command name of its own, so the programs see the workload's calls and nobody else's.
ln -s "$(python3 -c 'import os, sys; print(os.path.realpath(sys.executable))')" "$work_dir/kchanload"
comm=kchanload

cat >"$work_dir/printf.bt" <<EOF
tracepoint:syscalls:sys_exit_openat /comm == "$comm"/ { @written = count(); printf("O|%llu|%d|%d|%s\n", nsecs, tid, args->ret, "/etc/hostname"); }
tracepoint:syscalls:sys_exit_close /comm == "$comm"/ { @written = count(); printf("C|%llu|%d|%d|%s\n", nsecs, tid, args->ret, ""); }
EOF
cat >"$work_dir/batched.bt" <<EOF
tracepoint:syscalls:sys_exit_openat /comm == "$comm"/ { @written = count(); if (@side == 0) { @a[tid, nsecs] = (1, args->ret, "/etc/hostname"); } else { @b[tid, nsecs] = (1, args->ret, "/etc/hostname"); } }
tracepoint:syscalls:sys_exit_close /comm == "$comm"/ { @written = count(); if (@side == 0) { @a[tid, nsecs] = (2, args->ret, ""); } else { @b[tid, nsecs] = (2, args->ret, ""); } }
interval:ms:100 { if (@side == 0) { @side = 1; print(@a); clear(@a); } else { @side = 0; print(@b); clear(@b); } }
END { print(@a); print(@b); clear(@a); clear(@b); clear(@side); }
EOF

# One queue per CPU; the timer (an interval program, which bpftrace runs on one CPU) prints them all.
cpus=$(nproc --all)
{
  echo 'BEGIN { @qn[(uint64)0, (uint64)0] = (uint64)0; }'
  for probe in "sys_exit_openat 1" "sys_exit_close 2"; do
    set -- $probe
    echo "tracepoint:syscalls:$1 /comm == \"$comm\"/ { @written = count(); \$c = (uint64)cpu; \$i = @qn[(uint64)0, \$c];"
    echo "  if (\$i - @qn[(uint64)1, \$c] < 60000) { @q[\$c, \$i] = ($2, nsecs, tid, args->ret); @qn[(uint64)0, \$c] = \$i + 1; } else { @full = count(); } }"
  done
  echo 'interval:ms:1 {'
  for c in $(seq 0 $((cpus - 1))); do
    echo "  \$r = @qn[(uint64)1, (uint64)$c]; \$n = 0;"
    echo "  while (\$r < @qn[(uint64)0, (uint64)$c] && \$n < 512) { \$v = @q[(uint64)$c, \$r]; printf(\"Q|%d|%llu|%d|%d\\n\", \$v.0, \$v.1, \$v.2, \$v.3); delete(@q[(uint64)$c, \$r]); \$r++; \$n++; }"
    echo "  @qn[(uint64)1, (uint64)$c] = \$r;"
  done
  echo '}'
  echo 'END { clear(@q); clear(@qn); }'
} >"$work_dir/queued.bt"

elapsed() { sed -n 's/.*elapsed_s=\([0-9.]*\).*/\1/p' "$1" | tail -1; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
bare_total=0
bare_runs=0

for round in $(seq 1 "$rounds"); do
  for mode in bare printf batched queued; do
    out="$work_dir/$mode.out"
    if [ "$mode" = bare ]; then
      "$work_dir/kchanload" "$here/workload.py" open "$open_n" >"$out"
      t=$(elapsed "$out")
      bare_total=$(echo "$bare_total + $t" | bc -l)
      bare_runs=$((bare_runs + 1))
      echo "round $round bare: ${t} s"
      continue
    fi
    records="$work_dir/$mode.records"
    BPFTRACE_MAP_KEYS_MAX=262144 bpftrace -B full "$work_dir/$mode.bt" >"$records" 2>"$work_dir/$mode.err" &
    bp=$!
    for _ in $(seq 1 100); do grep -q Attaching "$records" 2>/dev/null && break; sleep 0.1; done
    sleep 1
    before=$(cpu_ticks "$bp")
    "$work_dir/kchanload" "$here/workload.py" open "$open_n" >"$out"
    sleep 1
    after=$(cpu_ticks "$bp")
    kill -INT "$bp"
    wait "$bp" || true
    t=$(elapsed "$out")
    written=$(sed -n 's/^@written: \([0-9]*\)/\1/p' "$records" | tail -1)
    if [ "$mode" = printf ]; then
      printed=$(grep -c '^[OC]|' "$records" || true)
    elif [ "$mode" = queued ]; then
      printed=$(grep -c '^Q|' "$records" || true)
    else
      printed=$(grep -c '^@[ab]\[' "$records" || true)
    fi
    base=$(echo "$bare_total / $bare_runs" | bc -l)
    slowdown=$(echo "($t / $base - 1) * 100" | bc -l)
    printf 'round %s %s: %s s (%+.0f%%), %s records written, %s printed (%s missing), bpftrace CPU %.2f s\n' \
      "$round" "$mode" "$t" "$slowdown" "${written:-?}" "$printed" "$(( ${written:-0} - printed ))" \
      "$(echo "($after - $before) / $hz" | bc -l)"
  done
done
