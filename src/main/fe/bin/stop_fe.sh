#!/bin/sh
# Stops the MetaFE frontend whose pid is in this FE home's bin/fe.pid. Run with --help for the options.
# POSIX sh, so that `sh bin/stop_fe.sh` works where sh is dash (Debian, Ubuntu) as well as bash.
set -eu

# CDPATH is cleared so that a relative `cd bin/..` cannot land in a directory named by CDPATH.
FE_HOME="$(CDPATH='' cd -P -- "$(dirname -- "$0")/.." && pwd -P)"
export FE_HOME
# shellcheck source=common.sh
. "$FE_HOME/bin/common.sh"

PROG="${0##*/}"

usage() {
  cat <<USAGE
Usage: $PROG [-g|--graceful] [--force]

Stops the MetaFE frontend in $FE_HOME.

  -g, --graceful  SIGTERM, then SIGKILL after STOP_TIMEOUT_SECOND seconds (default 60; environment or fe.conf)
  --force         SIGKILL at once; the FE gets no chance to close its journal cleanly
  -h, --help      show this help
USAGE
}

bad_usage() {
  printf '%s\n' "$PROG: $1" >&2
  usage >&2
  exit 2
}

FORCE=0
while [ $# -gt 0 ]; do
  case "$1" in
    -g|--graceful) FORCE=0 ;;
    --force) FORCE=1 ;;
    -h|--help) usage; exit 0 ;;
    --)
      shift
      [ $# -eq 0 ] || bad_usage "unexpected argument '$1'"
      break ;;
    -*) bad_usage "unrecognized option '$1'" ;;
    *) bad_usage "unexpected argument '$1'" ;;
  esac
  shift
done

if ! PID="$(read_pid_file)"; then
  if [ -f "$PID_FILE" ]; then
    printf '%s\n' "Removing unreadable $PID_FILE; no frontend stopped."
    rm -f "$PID_FILE"
  else
    printf '%s\n' "Frontend is not running (no $PID_FILE)."
  fi
  exit 0
fi
# Signal only a MetaFE: after a reboot the pid in the file may belong to any other process.
if ! is_metafe "$PID"; then
  if is_running "$PID"; then
    printf '%s\n' "Process $PID is not a MetaFE frontend; removing stale $PID_FILE and signalling nothing."
  else
    printf '%s\n' "Frontend is not running (process $PID is gone); removing stale $PID_FILE."
  fi
  rm -f "$PID_FILE"
  exit 0
fi

# wait_gone POLLS: true once the process is gone, checking every 0.2 s at most POLLS times.
wait_gone() {
  wait_polls=0
  while [ "$wait_polls" -lt "$1" ]; do
    is_running "$PID" || return 0
    sleep 0.2
    wait_polls=$((wait_polls + 1))
  done
  ! is_running "$PID"
}

if [ "$FORCE" = 1 ]; then
  echo "Killing frontend process $PID (SIGKILL)."
  kill -KILL "$PID" 2>/dev/null || true
  wait_gone 50 || { echo "ERROR: process $PID is still there after SIGKILL" >&2; exit 1; }
  rm -f "$PID_FILE"
  echo "Frontend stopped."
  exit 0
fi

TIMEOUT="${STOP_TIMEOUT_SECOND:-}"
if [ -z "$TIMEOUT" ] && conf_read STOP_TIMEOUT_SECOND; then
  TIMEOUT="$CONF_VALUE"
fi
case "$TIMEOUT" in
  ''|*[!0-9]*)
    if [ -n "$TIMEOUT" ]; then
      printf '%s\n' "Note: STOP_TIMEOUT_SECOND '$TIMEOUT' is not a number of seconds; using 60."
    fi
    TIMEOUT=60 ;;
esac

echo "Stopping frontend process $PID (SIGTERM; up to ${TIMEOUT}s)."
kill -TERM "$PID" 2>/dev/null || true
if ! wait_gone $((TIMEOUT * 5)); then
  echo "Frontend process $PID did not stop within ${TIMEOUT}s; sending SIGKILL."
  kill -KILL "$PID" 2>/dev/null || true
  wait_gone 50 || { echo "ERROR: process $PID is still there after SIGKILL" >&2; exit 1; }
fi
rm -f "$PID_FILE"
echo "Frontend stopped."
