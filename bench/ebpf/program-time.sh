#!/usr/bin/env bash
# Measures the time the sensor's BPF programs run inside the traced calls: the kernel's own
# statistics (kernel.bpf_stats_enabled=1, read with bpftool) while one workload runs under
# 'kestrel watch --source ebpf' with Falco's rules. Unlike wall time, which moves by 10 to 20% from
# run to run on a shared VM, this shows what each program costs and what a change to one saves.
# Prints, per program that ran at least once per iteration (in the order of the program text; the
# kernel cuts names at 15 characters): its tracepoint, runs per iteration,
# average ns per run and µs per iteration; then the sum per iteration and the workload's line.
# Needs root, bpftrace, bpftool, python3, cc (for build) and a built CLI (./kestrel); leaves bpf_stats as it found it.
#   bench/ebpf/program-time.sh open|exec|build [N] [KESTREL]   (N: 200000 opens, 2000 execs or 100 compilations;
#   KESTREL: the launcher to measure, default this checkout's ./kestrel)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
rules="${KESTREL_RULES:-$root/../shared/rules/falco_rules.yaml}"
kind="${1:?usage: program-time.sh open|exec|build [N] [KESTREL]}"
n="${2:-}"
[ -n "$n" ] || case $kind in open) n=200000 ;; exec) n=2000 ;; *) n=100 ;; esac
kestrel="${3:-$root/kestrel}"
command -v bpftool >/dev/null || { echo "program-time.sh: bpftool is needed (apt-get install bpftool)" >&2; exit 2; }
work=$(mktemp -d)
before=$(sysctl -n kernel.bpf_stats_enabled)
trap 'sysctl -q -w kernel.bpf_stats_enabled="$before"; rm -rf "$work"' EXIT

# The watched command runs while the probes are attached: it switches the statistics on, runs the
# workload, and reads the statistics before the sensor stops.
cat >"$work/measure.sh" <<EOF
sysctl -q -w kernel.bpf_stats_enabled=1
python3 "$here/workload.py" "$kind" "$n" 0 >"$work/workload.out"
bpftool prog show -j >"$work/progs.json"
EOF
"$kestrel" watch --source ebpf --rules "$rules" -- sh "$work/measure.sh" >/dev/null 2>"$work/watch.err" || true
if [ ! -s "$work/progs.json" ]; then
  echo "program-time.sh: the sensor did not run the workload:" >&2
  tail -5 "$work/watch.err" >&2
  exit 1
fi
python3 - "$work/progs.json" "$n" <<'EOF'
import json, sys
progs, n = json.load(open(sys.argv[1])), int(sys.argv[2])
total = 0.0
print("%-8s %-18s %10s %10s %12s" % ("id", "program", "runs/iter", "ns/run", "µs/iter"))
for p in sorted(progs, key=lambda p: p["id"]):
    runs, ns = p.get("run_cnt", 0), p.get("run_time_ns", 0)
    if runs < n or p.get("type") != "tracepoint":
        continue
    total += ns / n / 1000
    print("%-8d %-18s %10.2f %10.0f %12.2f" % (p["id"], p.get("name", "?"), runs / n, ns / runs, ns / n / 1000))
print("total µs per iteration: %.1f" % total)
EOF
echo "workload: $(cat "$work/workload.out")"
