#!/usr/bin/env bash
# Runs Debian's cam on vimc with the IPA forced into isolation and the kit's stand-in worker
# (sim-ipa/c/vimc_ipa_proxy.c) found first through LIBCAMERA_IPA_PROXY_PATH. Meant to run in the
# lab's guest (vivid-lab --vimc). For each run it leaves in OUT: <run>.log (cam's output and
# libcamera's log), <run>.status (cam's exit status; 128+N for signal N), <run>.standin.log,
# <run>.ms (cam's wall time).
#
# usage: cam-runs.sh <dir holding the stand-in vimc_ipa_proxy> <out dir> [frames] [runs...]
#   runs: normal (no delay), slow-init (worker stopped SLOW_MS, default 3000, at init),
#         kill-init (worker SIGKILLed KILL_MS, default 500, after init was sent)
set -uo pipefail
standin_dir=$1 out=$2 frames=${3:-10}
shift 3 2>/dev/null || shift $#
runs=("$@")
[ ${#runs[@]} -gt 0 ] || runs=(normal slow-init kill-init)
mkdir -p "$out"
chmod 1777 "$out"

ms() { awk '{ printf "%d", $1 * 1000 }' /proc/uptime; }
for run in "${runs[@]}"; do
  unset IPCSYNC_STANDIN_STOP_MS IPCSYNC_STANDIN_KILL_MS
  case "$run" in
    normal) ;;
    slow-init) export IPCSYNC_STANDIN_STOP_MS=${SLOW_MS:-3000} ;;
    kill-init) export IPCSYNC_STANDIN_KILL_MS=${KILL_MS:-500} ;;
    *) echo "cam-runs: unknown run $run" >&2; exit 2 ;;
  esac
  log=$out/$run.standin.log
  : >"$log"
  chmod 666 "$log"
  export IPCSYNC_STANDIN_LOG=$log
  echo "cam-runs: $run: LIBCAMERA_IPA_FORCE_ISOLATION=1 LIBCAMERA_IPA_PROXY_PATH=$standin_dir cam -c 1 --capture=$frames" \
       "(stop ${IPCSYNC_STANDIN_STOP_MS:--} ms, kill ${IPCSYNC_STANDIN_KILL_MS:--} ms)"
  start=$(ms)
  LIBCAMERA_IPA_FORCE_ISOLATION=1 LIBCAMERA_IPA_PROXY_PATH=$standin_dir LIBCAMERA_LOG_LEVELS='*:INFO' \
    timeout -k 5 120 cam -c 1 --capture="$frames" >"$out/$run.log" 2>&1
  status=$?
  end=$(ms)
  echo "$status" >"$out/$run.status"
  echo $((end - start)) >"$out/$run.ms"
  # Colour codes out, so the log reads as text.
  sed -i 's/\x1b\[[0-9;]*m//g' "$out/$run.log"
  echo "cam-runs: $run: exit $status after $((end - start)) ms"
done
