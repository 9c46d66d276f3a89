#!/bin/sh
# Starts one MetaFE frontend from the FE home this script lives in. Run with --help for the options.
# POSIX sh, so that `sh bin/start_fe.sh` works where sh is dash (Debian, Ubuntu) as well as bash.
set -eu
# No pathname expansion anywhere: JVM options such as -Xlog:gc* must reach the JVM as written.
set -f

# The home is wherever this copy of bin/ is, never an inherited FE_HOME: a copied home must be independent.
# CDPATH is cleared so that a relative `cd bin/..` cannot land in a directory named by CDPATH.
FE_HOME="$(CDPATH='' cd -P -- "$(dirname -- "$0")/.." && pwd -P)"
export FE_HOME
# shellcheck source=common.sh
. "$FE_HOME/bin/common.sh"

PROG="${0##*/}"

usage() {
  cat <<EOF
Usage: $PROG [options]

Starts the MetaFE frontend in $FE_HOME (config: conf/fe.conf).

  --daemon                      run in the background; output goes to <sys_log_dir>/fe.out
  --helper host:edit_log_port[:http_port]
                                join the cluster through this running FE (first start of a follower or observer);
                                http_port is the helper's HTTP port, needed only when it differs from this FE's
  --host_type IP|FQDN           how this FE names itself to the cluster (default IP)
  --metadata_failure_recovery   start this FE alone as master after the cluster lost its majority (this start
                                only; metadata_failure_recovery=true in fe.conf does the same until removed)
  --force_recovery              with recovery: reset even if another FE answers as master (split-brain guard off)
  --no_recovery_backup          with recovery: do not copy meta_dir aside before the reset
  --debug                       open a JDWP debugger on \${DEBUG_ADDRESS:-127.0.0.1:5005}
  -h, --help                    show this help

Environment: JAVA_HOME, START_WAIT_SECONDS (how long --daemon waits for the FE to come up; default 60).
EOF
}

# Prints a message naming the problem, then the usage, to stderr, and exits 2.
bad_usage() {
  printf '%s\n' "$PROG: $1" >&2
  usage >&2
  exit 2
}

# The options for the FE are collected at the end of "$@" while the script's own arguments are shifted off the
# front: without arrays, the positional parameters are the only list that keeps each value one word.
RUN_DAEMON=0
DEBUG=0
ARGS_LEFT=$#
while [ "$ARGS_LEFT" -gt 0 ]; do
  opt="$1"
  shift
  ARGS_LEFT=$((ARGS_LEFT - 1))
  case "$opt" in
    --helper|--host_type)
      [ "$ARGS_LEFT" -gt 0 ] || bad_usage "option '$opt' requires an argument"
      value="$1"
      shift
      ARGS_LEFT=$((ARGS_LEFT - 1))
      opt_name="$opt" ;;
    --helper=*|--host_type=*)
      value="${opt#*=}"
      opt_name="${opt%%=*}" ;;
    *) opt_name="" ;;
  esac
  case "$opt_name" in
    --helper)
      case "$value" in
        *[[:space:]]*) bad_usage "--helper takes one host:edit_log_port[:http_port] without whitespace, not '$value'" ;;
      esac
      set -- "$@" --helper "$value"
      continue ;;
    --host_type)
      case "$value" in
        [Ii][Pp]) set -- "$@" --host_type IP ;;
        [Ff][Qq][Dd][Nn]) set -- "$@" --host_type FQDN ;;
        *) bad_usage "--host_type must be IP or FQDN, not '$value'" ;;
      esac
      continue ;;
  esac
  case "$opt" in
    --daemon) RUN_DAEMON=1 ;;
    --deamon)
      # The Chinese operator guide spells it this way, so operators copying from it must not be refused.
      echo "Note: --deamon is read as --daemon."
      RUN_DAEMON=1 ;;
    --metadata_failure_recovery|--force_recovery|--no_recovery_backup) set -- "$@" "$opt" ;;
    --debug) DEBUG=1 ;;
    -h|--help) usage; exit 0 ;;
    --)
      [ "$ARGS_LEFT" -eq 0 ] || bad_usage "unexpected argument '$1'" ;;
    -*) bad_usage "unrecognized option '$opt'" ;;
    *) bad_usage "unexpected argument '$opt'" ;;
  esac
done

if [ ! -r "$CONF_FILE" ]; then
  printf '%s\n' "ERROR: cannot read $CONF_FILE; an FE home needs bin/, conf/fe.conf and lib/" >&2
  exit 1
fi

# --- refuse a second start, forget a stale pid file -------------------------------------------------------------
if OLD_PID="$(read_pid_file)"; then
  if is_metafe "$OLD_PID"; then
    echo "Frontend running as process $OLD_PID. Stop it first."
    exit 1
  fi
  if is_running "$OLD_PID"; then
    printf '%s\n' "Note: removing stale $PID_FILE: process $OLD_PID is not a MetaFE frontend."
  else
    printf '%s\n' "Note: removing stale $PID_FILE: process $OLD_PID is not running."
  fi
  rm -f "$PID_FILE"
elif [ -f "$PID_FILE" ]; then
  printf '%s\n' "Note: removing unreadable $PID_FILE."
  rm -f "$PID_FILE"
fi

# --- settings from fe.conf --------------------------------------------------------------------------------------
# Exported: fe.conf may use ${DATE} and ${LOG_DIR}, and the FE expands them from its environment.
DATE="$(date +%Y%m%d-%H%M%S)"
export DATE

if conf_read sys_log_dir && [ -n "$CONF_VALUE" ]; then
  LOG_DIR="$CONF_VALUE"
else
  LOG_DIR="$FE_HOME/log"
fi
export LOG_DIR
if ! mkdir -p "$LOG_DIR"; then
  printf '%s\n' "ERROR: cannot create sys_log_dir $LOG_DIR; fix sys_log_dir in $CONF_FILE or the directory's permissions" >&2
  exit 1
fi

find_java

# The most specific options for this JDK win, as in StarRocks' fe.conf.
JVM_OPTS=""
for key in JAVA_OPTS_FOR_JDK_17 JAVA_OPTS_FOR_JDK_11 JAVA_OPTS_FOR_JDK_9 JAVA_OPTS; do
  if conf_read "$key" && [ -n "$CONF_VALUE" ]; then
    JVM_OPTS="$CONF_VALUE"
    break
  fi
done
if [ -z "$JVM_OPTS" ]; then
  JVM_OPTS="-Xmx1g -XX:+UseG1GC"
fi

# The JVM refuses to start when a log file's directory is missing; create those directories rather than fail.
# JVM_OPTS is split on whitespace on purpose (set -f above keeps it from being globbed).
# shellcheck disable=SC2086
for opt in $JVM_OPTS; do
  log_file=""
  case "$opt" in
    -Xlog:*file=*) log_file="${opt#*file=}"; log_file="${log_file%%:*}" ;;
    -Xloggc:*) log_file="${opt#-Xloggc:}" ;;
  esac
  case "$log_file" in
    */*) mkdir -p "$(dirname -- "$log_file")" || true ;;
  esac
done

# The whole java command line, in front of the FE options already in "$@".
# The quoted "$FE_HOME/lib/*" is for the JVM to expand, not the shell.
set -- "-Dmetafe.home=$FE_HOME" -cp "$FE_HOME/lib/*" "$MAIN_CLASS" "$@"
if [ "$DEBUG" = 1 ]; then
  set -- "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=${DEBUG_ADDRESS:-127.0.0.1:5005}" "$@"
fi
# shellcheck disable=SC2086
set -- "$JAVA" $JVM_OPTS "$@"

# --- foreground -------------------------------------------------------------------------------------------------
if [ "$RUN_DAEMON" = 0 ]; then
  # exec keeps this shell's pid, so the pid written now is the JVM's.
  echo "$$" > "$PID_FILE"
  exec "$@"
fi

# --- daemon -----------------------------------------------------------------------------------------------------
OUT_FILE="$LOG_DIR/fe.out"
printf '%s\n' "Starting MetaFE from $FE_HOME at $(date '+%Y-%m-%d %H:%M:%S'); output in $OUT_FILE"
printf '%s\n' "----- start_fe.sh $(date '+%Y-%m-%d %H:%M:%S'): $*" >> "$OUT_FILE"
# Only output of this start counts: fe.out keeps the lines of every earlier run.
OUT_OFFSET=$(($(wc -c < "$OUT_FILE")))

nohup "$@" >> "$OUT_FILE" 2>&1 < /dev/null &
FE_PID=$!
echo "$FE_PID" > "$PID_FILE"

new_output() {
  tail -c "+$((OUT_OFFSET + 1))" "$OUT_FILE" 2>/dev/null || true
}

WAIT_SECONDS="${START_WAIT_SECONDS:-60}"
case "$WAIT_SECONDS" in
  ''|*[!0-9]*) WAIT_SECONDS=60 ;;
esac
POLLS=$((WAIT_SECONDS * 5))
i=0
while [ "$i" -le "$POLLS" ]; do
  # "MetaFE waiting:" means up and serving, but waiting for a quorum of followers: started as far as we wait.
  STARTED="$(new_output | grep -E '^MetaFE (started|waiting):' | head -n 1)" || STARTED=""
  if [ -n "$STARTED" ]; then
    printf '%s\n' "$STARTED"
    printf '%s\n' "Frontend running as process $FE_PID; stop it with $FE_HOME/bin/stop_fe.sh"
    exit 0
  fi
  if ! is_running "$FE_PID"; then
    EXIT_CODE=0
    wait "$FE_PID" || EXIT_CODE=$?
    rm -f "$PID_FILE"
    FAILED="$(new_output | grep '^MetaFE failed to start:')" || FAILED=""
    if [ -n "$FAILED" ]; then
      printf '%s\n' "$FAILED" >&2
    else
      printf '%s\n' "MetaFE exited with status $EXIT_CODE before it was ready; the end of $OUT_FILE:" >&2
      new_output | tail -n 20 >&2
    fi
    printf '%s\n' "See $LOG_DIR/fe.log for details." >&2
    exit 1
  fi
  if [ "$i" -lt "$POLLS" ]; then
    sleep 0.2
  fi
  i=$((i + 1))
done

# A follower joining through --helper may wait for the master longer than we do; that is not a failure.
printf '%s\n' "Frontend (process $FE_PID) is still starting after ${WAIT_SECONDS}s; follow $OUT_FILE and $LOG_DIR/fe.log."
exit 0
