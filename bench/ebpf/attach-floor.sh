#!/usr/bin/env bash
# Measures the floor of the open loop's slowdown: what each way into the kernel costs workload.py's
# open+read+close loop when the programs attached there do (almost) nothing. No Kestrel code runs.
#   bare         no program;
#   tracepoints  two empty programs through bpftrace, on sys_exit_openat and sys_enter_close: the
#                least the eBPF sensor needs to keep the fd table right;
#   raw          empty raw-tracepoint programs on sys_enter and sys_exit (every call of every
#                process), the attach points of Falco's older eBPF probe; bpftrace 0.17 cannot use them;
#   rawid        the same, each reading the call's number and comparing it: the least a filter of
#                interesting calls does;
#   btf          empty BTF raw-tracepoint programs (tp_btf) on sys_enter and sys_exit, the attach
#                points of Falco's modern_ebpf driver;
#   fentry       whether the kernel loads an fentry program at all (no timing when it refuses).
# Rounds run the modes in turn, so a change in the machine's load hits all of them. Prints every run
# ('refused' where the kernel will not load or attach a kind, with the loader's reason on stderr),
# then each mode's median wall time and its slowdown against the median bare run.
# Needs root, bpftrace, bpftool and python3.
#   bench/ebpf/attach-floor.sh [OPEN_N] [ROUNDS]   (defaults 200000 and 5)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
open_n="${1:-200000}"
rounds="${2:-5}"
command -v bpftool >/dev/null || { echo "attach-floor.sh: bpftool is needed (apt-get install bpftool)" >&2; exit 2; }
command -v bpftrace >/dev/null || { echo "attach-floor.sh: bpftrace is needed (apt-get install bpftrace)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

workload() { python3 "$here/workload.py" open "$open_n" 20000 | sed -E 's/.*elapsed_s=([0-9.]+).*/\1/'; }

# Runs the workload while attach-floor.py holds its programs; the loader ends when its input closes.
with_programs() {
  rm -f "$work/fifo" "$work/loader.out"
  mkfifo "$work/fifo"
  python3 "$here/attach-floor.py" "$@" <"$work/fifo" >"$work/loader.out" &
  local loader=$!
  exec 7>"$work/fifo"
  until grep -q attached "$work/loader.out" 2>/dev/null; do
    kill -0 "$loader" 2>/dev/null || { exec 7>&-; wait "$loader" || true; return 1; }
    sleep 0.1
  done
  workload
  exec 7>&-
  wait "$loader"
}

with_bpftrace() {
  bpftrace -e 'tracepoint:syscalls:sys_exit_openat {} tracepoint:syscalls:sys_enter_close {}' \
    >"$work/bpftrace.out" 2>&1 &
  local tracer=$!
  sleep 4  # bpftrace 0.17 prints nothing when attached without a BEGIN probe; 4 s is ample here
  workload
  kill -INT "$tracer"
  wait "$tracer" 2>/dev/null || true
}

if (sleep 0.2 | python3 "$here/attach-floor.py" fentry:do_sys_openat2 >/dev/null 2>"$work/fentry.err"); then
  echo "fentry: the kernel loads fentry programs"
else
  echo "fentry: $(cat "$work/fentry.err")"
fi

for r in $(seq 1 "$rounds"); do
  for mode in bare tracepoints raw rawid btf; do
    case $mode in
      bare) t=$(workload) ;;
      tracepoints) t=$(with_bpftrace) ;;
      raw) t=$(with_programs raw:sys_enter raw:sys_exit) || t=refused ;;
      rawid) t=$(with_programs rawid:sys_enter rawid:sys_exit) || t=refused ;;
      btf) t=$(with_programs btf:sys_enter btf:sys_exit) || t=refused ;;
    esac
    echo "round $r $mode $t" | tee -a "$work/runs"
  done
done

python3 - "$work/runs" <<'EOF'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    _, _, mode, t = line.split()
    if t != "refused":  # the kernel would not load or attach that kind of program
        runs.setdefault(mode, []).append(float(t))
bare = statistics.median(runs["bare"])
print("%-12s %8s %9s" % ("mode", "median s", "slowdown"))
for mode, times in runs.items():
    m = statistics.median(times)
    print("%-12s %8.3f %+8.0f%%" % (mode, m, (m / bare - 1) * 100))
EOF
