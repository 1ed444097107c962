#!/usr/bin/env bash
# Measures what watching costs a syscall-heavy workload: the same workload bare, under
# 'kestrel watch --source ebpf' and under 'kestrel watch' (strace), with Falco's rules loaded.
# Two ebpf runs: 'ebpf' as 'kestrel watch' runs by default (opens no rule can match stay in the
# kernel) and 'ebpf-all' with every-open.yaml added, a rule that needs every open (the cost of
# delivering each open and close to the rules). For the open loop, 'ebpf-all-x2' runs two such
# workloads at once under 'ebpf-all': more records than one workload can produce (each pays for its
# own records inside its calls), so it shows how many events per second the sensor itself delivers
# and whether it loses any (no slowdown is given for it; its times are the slower workload's).
# Each run first does an untimed warm-up (OPEN_WARM / EXEC_WARM iterations, default 100000 / 500),
# so the timed part sees the watcher in its steady state (set them to 0 to time a cold start).
# Prints one line per run (mode, workload, the workload's own elapsed seconds, its slowdown against
# the mean of the bare runs, the workload's own CPU seconds (the probes run inside its system calls, so
# this shows their cost even when other load stretches the wall time), events the sensor delivered, events per second of workload time (warm-up
# included), events lost in the kernel and dropped by the queue, the sensor's CPU seconds (for ebpf
# also split into bpftrace + reading its output + evaluating), the 1-minute load average before the
# run), then the sensor's events by type and counters for each ebpf run.
# A third workload, 'build' (BUILD_N compilations with cc -c, default 200 after BUILD_WARM=20; 0 skips
# it), is a real program's mix of execs and opens rather than one call in a loop.
# Needs root, bpftrace, strace, python3, cc (for 'build') and a built CLI (./kestrel).
#   bench/ebpf/overhead.sh [OPEN_N] [EXEC_N] [ROUNDS]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
rules="${KESTREL_RULES:-$root/../shared/rules/falco_rules.yaml}"
open_n="${1:-200000}"
exec_n="${2:-2000}"
rounds="${3:-1}"
work="$here/workload.py"
open_warm="${OPEN_WARM:-100000}"
exec_warm="${EXEC_WARM:-500}"
build_n="${BUILD_N:-200}"
build_warm="${BUILD_WARM:-20}"
types_file=$(mktemp)
trap 'rm -f "$types_file"' EXIT

# The longest of the workloads' times (ebpf-all-x2 runs two).
elapsed() { sed -n 's/.*elapsed_s=\([0-9.]*\).*/\1/p' "$1" | sort -n | tail -1; }
warm_s() { sed -n 's/.*warm_s=\([0-9.]*\).*/\1/p' "$1" | sort -n | tail -1; }
cpu_s() { sed -n 's/.*cpu_s=\([0-9.]*\).*/\1/p' "$1" | tail -1; }
load1() { cut -d' ' -f1 /proc/loadavg; }

declare -A bare_sum bare_count

run() { # mode workload n
  local mode=$1 kind=$2 n=$3 out err load warm
  out=$(mktemp); err=$(mktemp)
  load=$(load1)
  case $kind in open) warm=$open_warm ;; exec) warm=$exec_warm ;; build) warm=$build_warm ;; esac
  case $mode in
    bare)   python3 "$work" "$kind" "$n" "$warm" >"$out" 2>"$err" ;;
    ebpf)   "$root/kestrel" watch --source ebpf --rules "$rules" -- python3 "$work" "$kind" "$n" "$warm" >"$out" 2>"$err" ;;
    ebpf-all) "$root/kestrel" watch --source ebpf --rules "$rules" --rules "$here/every-open.yaml" \
              -- python3 "$work" "$kind" "$n" "$warm" >"$out" 2>"$err" ;;
    ebpf-all-x2) "$root/kestrel" watch --source ebpf --rules "$rules" --rules "$here/every-open.yaml" \
              -- sh -c "python3 '$work' '$kind' '$n' '$warm' & python3 '$work' '$kind' '$n' '$warm'; wait" >"$out" 2>"$err" ;;
    strace) "$root/kestrel" watch --rules "$rules" -- python3 "$work" "$kind" "$n" "$warm" >"$out" 2>"$err" ;;
  esac
  local t events lost dropped cpu slowdown rate
  t=$(elapsed "$out")
  if [ -z "$t" ]; then
    echo "$mode $kind $n FAILED: $(tail -3 "$err" | tr '\n' ' ')"
    rm -f "$out" "$err"
    return
  fi
  events=$(sed -n 's/^Sensor: \([0-9]*\) events.*/\1/p' "$err" | head -1)
  lost=$(sed -n 's/^Sensor: .*, \([0-9]*\) lost in the kernel.*/\1/p' "$err" | head -1)
  dropped=$(sed -n 's/^Sensor: .*, \([0-9]*\) dropped.*/\1/p' "$err" | head -1)
  cpu=$(sed -n 's/^Sensor: .*CPU time \([0-9.]*\) s.*/\1/p' "$err" | head -1)
  kept=$(sed -n 's/^  \([0-9]*\): opens left in the kernel.*/\1/p' "$err" | head -1)
  split=$(sed -n 's/^Sensor: .*CPU time [0-9.]* s (bpftrace \([0-9.]*\) s, reading \([0-9.]*\) s, evaluating \([0-9.]*\) s).*/\1+\2+\3/p' "$err" | head -1)
  if [ "$mode" = bare ]; then
    bare_sum[$kind]=$(awk -v a="${bare_sum[$kind]:-0}" -v b="$t" 'BEGIN { print a + b }')
    bare_count[$kind]=$(( ${bare_count[$kind]:-0} + 1 ))
  fi
  slowdown=-
  if [ "${bare_count[$kind]:-0}" -gt 0 ] && [ "$mode" != bare ] && [ "$mode" != ebpf-all-x2 ]; then
    slowdown=$(awk -v t="$t" -v s="${bare_sum[$kind]}" -v c="${bare_count[$kind]}" \
      'BEGIN { printf "%+.0f%%", (t / (s / c) - 1) * 100 }')
  fi
  rate=-
  if [ -n "$events" ]; then
    rate=$(awk -v e="$events" -v t="$t" -v w="$(warm_s "$out")" 'BEGIN { printf "%.0f", e / (t + w) }')
  fi
  echo "$mode $kind $n elapsed_s=$t slowdown=$slowdown workload_cpu_s=$(cpu_s "$out") events=${events:--} events_per_s=$rate lost=${lost:--}" \
       "dropped=${dropped:--} left_in_kernel=${kept:-0} sensor_cpu_s=${cpu:--}${split:+ (bpftrace+reading+evaluating=$split)} load1_before=$load"
  if [ "$mode" != bare ] && [ "$mode" != strace ]; then
    { echo "# $mode $kind: $(grep -m1 '^  by type:' "$err" | sed 's/^  //')"; grep '^  [0-9]*: ' "$err" | sed 's/^  /#   /' || true; } >>"$types_file"
  fi
  rm -f "$out" "$err"
}

echo "# $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), kernel $(uname -r)," \
     "bpftrace $(bpftrace --version | cut -d' ' -f2), rules $(basename "$rules")," \
     "warm-up $open_warm opens / $exec_warm execs / $build_warm compilations"
kinds="open exec"
if [ "$build_n" -gt 0 ]; then
  if command -v cc >/dev/null; then kinds="$kinds build"; else echo "# build skipped: no cc on the PATH"; fi
fi
for kind in $kinds; do
  case $kind in open) n=$open_n ;; exec) n=$exec_n ;; build) n=$build_n ;; esac
  for ((r = 0; r < rounds; r++)); do
    for mode in bare ebpf ebpf-all ebpf-all-x2 strace bare; do
      # two open loops at once: more records than one workload can produce, the sensor's own ceiling
      [ "$mode" = ebpf-all-x2 ] && [ "$kind" != open ] && continue
      run "$mode" "$kind" "$n"
    done
  done
done
cat "$types_file"
echo "# load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
