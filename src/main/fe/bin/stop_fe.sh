#!/usr/bin/env bash
# Stops the MetaFE frontend whose pid is in this FE home's bin/fe.pid. Run with --help for the options.
set -euo pipefail

FE_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
export FE_HOME
# shellcheck source=common.sh
source "$FE_HOME/bin/common.sh"

usage() {
  cat <<USAGE
Usage: $(basename "$0") [-g|--graceful] [--force]

Stops the MetaFE frontend in $FE_HOME.

  -g, --graceful  SIGTERM, then SIGKILL after STOP_TIMEOUT_SECOND seconds (default 60; environment or fe.conf)
  --force         SIGKILL at once; the FE gets no chance to close its journal cleanly
  -h, --help      show this help
USAGE
}

if ! OPTS="$(getopt -n "$(basename "$0")" -o gh -l graceful,force,help -- "$@")"; then
  usage >&2
  exit 2
fi
eval set -- "$OPTS"
FORCE=0
while true; do
  case "$1" in
    -g|--graceful) FORCE=0; shift ;;
    --force) FORCE=1; shift ;;
    -h|--help) usage; exit 0 ;;
    --) shift; break ;;
    *) usage >&2; exit 2 ;;
  esac
done
if [[ $# -gt 0 ]]; then
  echo "$(basename "$0"): unexpected argument '$1'" >&2
  usage >&2
  exit 2
fi

if ! PID="$(read_pid_file)"; then
  if [[ -f "$PID_FILE" ]]; then
    echo "Removing unreadable $PID_FILE; no frontend stopped."
    rm -f "$PID_FILE"
  else
    echo "Frontend is not running (no $PID_FILE)."
  fi
  exit 0
fi
# Signal only a MetaFE: after a reboot the pid in the file may belong to any other process.
if ! is_metafe "$PID"; then
  if is_running "$PID"; then
    echo "Process $PID is not a MetaFE frontend; removing stale $PID_FILE and signalling nothing."
  else
    echo "Frontend is not running (process $PID is gone); removing stale $PID_FILE."
  fi
  rm -f "$PID_FILE"
  exit 0
fi

wait_gone() {
  local polls="$1" i
  for (( i = 0; i < polls; i++ )); do
    is_running "$PID" || return 0
    sleep 0.2
  done
  ! is_running "$PID"
}

if [[ $FORCE == 1 ]]; then
  echo "Killing frontend process $PID (SIGKILL)."
  kill -KILL "$PID" 2>/dev/null || true
  wait_gone 50 || { echo "ERROR: process $PID is still there after SIGKILL" >&2; exit 1; }
  rm -f "$PID_FILE"
  echo "Frontend stopped."
  exit 0
fi

TIMEOUT="${STOP_TIMEOUT_SECOND:-}"
if [[ -z "$TIMEOUT" ]] && conf_read STOP_TIMEOUT_SECOND; then
  TIMEOUT="$CONF_VALUE"
fi
if ! [[ "$TIMEOUT" =~ ^[0-9]+$ ]]; then
  [[ -z "$TIMEOUT" ]] || echo "Note: STOP_TIMEOUT_SECOND '$TIMEOUT' is not a number of seconds; using 60."
  TIMEOUT=60
fi

echo "Stopping frontend process $PID (SIGTERM; up to ${TIMEOUT}s)."
kill -TERM "$PID" 2>/dev/null || true
if ! wait_gone $(( TIMEOUT * 5 )); then
  echo "Frontend process $PID did not stop within ${TIMEOUT}s; sending SIGKILL."
  kill -KILL "$PID" 2>/dev/null || true
  wait_gone 50 || { echo "ERROR: process $PID is still there after SIGKILL" >&2; exit 1; }
fi
rm -f "$PID_FILE"
echo "Frontend stopped."
