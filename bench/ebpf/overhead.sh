#!/usr/bin/env bash
# Measures what watching costs a syscall-heavy workload: the same workload bare, under
# 'kestrel watch --source ebpf' and under 'kestrel watch' (strace), with Falco's rules loaded.
# Prints one line per run: mode, workload, elapsed seconds, slowdown, events the sensor delivered,
# events/s, events lost and dropped. Needs root, bpftrace, strace and a built CLI (./kestrel).
#   bench/ebpf/overhead.sh [OPEN_N] [EXEC_N]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
rules="${KESTREL_RULES:-$root/../shared/rules/falco_rules.yaml}"
open_n="${1:-200000}"
exec_n="${2:-2000}"
work="$here/workload.py"

elapsed() { sed -n 's/.*elapsed_s=\([0-9.]*\).*/\1/p' "$1" | tail -1; }

run() { # mode workload n
  local mode=$1 kind=$2 n=$3 out err
  out=$(mktemp); err=$(mktemp)
  case $mode in
    bare)   python3 "$work" "$kind" "$n" >"$out" 2>"$err" ;;
    ebpf)   "$root/kestrel" watch --source ebpf --rules "$rules" -- python3 "$work" "$kind" "$n" >"$out" 2>"$err" ;;
    strace) "$root/kestrel" watch --rules "$rules" -- python3 "$work" "$kind" "$n" >"$out" 2>"$err" ;;
  esac
  local t events lost dropped
  t=$(elapsed "$out")
  events=$(sed -n 's/^Sensor: \([0-9]*\) events.*/\1/p' "$err" | head -1)
  lost=$(sed -n 's/^Sensor: .*, \([0-9]*\) lost in the kernel.*/\1/p' "$err" | head -1)
  dropped=$(sed -n 's/^Sensor: .* \([0-9]*\) dropped.*/\1/p;s/^Sensor: .* \([0-9]*\) records dropped.*/\1/p' "$err" | head -1)
  echo "$mode $kind $n elapsed_s=$t events=${events:--} lost=${lost:--} dropped=${dropped:--}"
  rm -f "$out" "$err"
}

echo "# $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), bpftrace $(bpftrace --version | cut -d' ' -f2)"
for kind in open exec; do
  n=$open_n; [ "$kind" = exec ] && n=$exec_n
  for mode in bare ebpf strace bare; do
    run "$mode" "$kind" "$n"
  done
done
