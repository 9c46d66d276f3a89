#!/usr/bin/env bash
# Starts one MetaFE frontend from the FE home this script lives in. Run with --help for the options.
set -euo pipefail

# The home is wherever this copy of bin/ is, never an inherited FE_HOME: a copied home must be independent.
FE_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
export FE_HOME
# shellcheck source=common.sh
source "$FE_HOME/bin/common.sh"

usage() {
  cat <<EOF
Usage: $(basename "$0") [options]

Starts the MetaFE frontend in $FE_HOME (config: conf/fe.conf).

  --daemon                      run in the background; output goes to <sys_log_dir>/fe.out
  --helper host:edit_log_port   join the cluster through this running FE (first start of a follower or observer)
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

if ! OPTS="$(getopt -n "$(basename "$0")" -o h \
    -l daemon,deamon,helper:,host_type:,metadata_failure_recovery,force_recovery,no_recovery_backup,debug,help -- "$@")"; then
  usage >&2
  exit 2
fi
eval set -- "$OPTS"

RUN_DAEMON=0
DEBUG=0
FE_ARGS=()
while true; do
  case "$1" in
    --daemon) RUN_DAEMON=1; shift ;;
    --deamon)
      # The Chinese operator guide spells it this way, so operators copying from it must not be refused.
      echo "Note: --deamon is read as --daemon."
      RUN_DAEMON=1; shift ;;
    --helper) FE_ARGS+=(--helper "$2"); shift 2 ;;
    --host_type)
      case "${2^^}" in
        IP|FQDN) FE_ARGS+=(--host_type "${2^^}") ;;
        *) echo "$(basename "$0"): --host_type must be IP or FQDN, not '$2'" >&2; usage >&2; exit 2 ;;
      esac
      shift 2 ;;
    --metadata_failure_recovery) FE_ARGS+=(--metadata_failure_recovery); shift ;;
    --force_recovery) FE_ARGS+=(--force_recovery); shift ;;
    --no_recovery_backup) FE_ARGS+=(--no_recovery_backup); shift ;;
    --debug) DEBUG=1; shift ;;
    -h|--help) usage; exit 0 ;;
    --) shift; break ;;
    *) echo "$(basename "$0"): unexpected option $1" >&2; usage >&2; exit 2 ;;
  esac
done
if [[ $# -gt 0 ]]; then
  echo "$(basename "$0"): unexpected argument '$1'" >&2
  usage >&2
  exit 2
fi

if [[ ! -r "$CONF_FILE" ]]; then
  echo "ERROR: cannot read $CONF_FILE; an FE home needs bin/, conf/fe.conf and lib/" >&2
  exit 1
fi

# --- refuse a second start, forget a stale pid file -------------------------------------------------------------
if OLD_PID="$(read_pid_file)"; then
  if is_metafe "$OLD_PID"; then
    echo "Frontend running as process $OLD_PID. Stop it first."
    exit 1
  fi
  if is_running "$OLD_PID"; then
    echo "Note: removing stale $PID_FILE: process $OLD_PID is not a MetaFE frontend."
  else
    echo "Note: removing stale $PID_FILE: process $OLD_PID is not running."
  fi
  rm -f "$PID_FILE"
elif [[ -f "$PID_FILE" ]]; then
  echo "Note: removing unreadable $PID_FILE."
  rm -f "$PID_FILE"
fi

# --- settings from fe.conf --------------------------------------------------------------------------------------
DATE="$(date +%Y%m%d-%H%M%S)"
export DATE
CONF_VARS[DATE]="$DATE"

if conf_read sys_log_dir && [[ -n "$CONF_VALUE" ]]; then
  LOG_DIR="$CONF_VALUE"
else
  LOG_DIR="$FE_HOME/log"
fi
# The FE expands ${LOG_DIR} from its environment when it parses fe.conf, so it must see the same value.
export LOG_DIR
CONF_VARS[LOG_DIR]="$LOG_DIR"
if ! mkdir -p "$LOG_DIR"; then
  echo "ERROR: cannot create sys_log_dir $LOG_DIR; fix sys_log_dir in $CONF_FILE or the directory's permissions" >&2
  exit 1
fi

find_java

# The most specific options for this JDK win, as in StarRocks' fe.conf.
JAVA_OPTS_VALUE=""
for key in JAVA_OPTS_FOR_JDK_17 JAVA_OPTS_FOR_JDK_11 JAVA_OPTS_FOR_JDK_9 JAVA_OPTS; do
  if conf_read "$key" && [[ -n "$CONF_VALUE" ]]; then
    JAVA_OPTS_VALUE="$CONF_VALUE"
    break
  fi
done
if [[ -z "$JAVA_OPTS_VALUE" ]]; then
  JAVA_OPTS_VALUE="-Xmx1g -XX:+UseG1GC"
fi
# Split on whitespace without globbing: an option such as -Xlog:gc* must reach the JVM as written.
read -r -a JVM_OPTS <<< "$JAVA_OPTS_VALUE"

# The JVM refuses to start when a log file's directory is missing; create those directories rather than fail.
for opt in "${JVM_OPTS[@]}"; do
  log_file=""
  case "$opt" in
    -Xlog:*file=*) log_file="${opt#*file=}"; log_file="${log_file%%:*}" ;;
    -Xloggc:*) log_file="${opt#-Xloggc:}" ;;
  esac
  if [[ -n "$log_file" && "$log_file" == */* ]]; then
    mkdir -p "$(dirname "$log_file")" || true
  fi
done

if [[ $DEBUG == 1 ]]; then
  JVM_OPTS+=("-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=${DEBUG_ADDRESS:-127.0.0.1:5005}")
fi

CMD=("$JAVA" "${JVM_OPTS[@]}" "-Dmetafe.home=$FE_HOME" -cp "$FE_HOME/lib/*" "$MAIN_CLASS" "${FE_ARGS[@]}")

# --- foreground -------------------------------------------------------------------------------------------------
if [[ $RUN_DAEMON == 0 ]]; then
  # exec keeps this shell's pid, so the pid written now is the JVM's.
  echo "$$" > "$PID_FILE"
  exec "${CMD[@]}"
fi

# --- daemon -----------------------------------------------------------------------------------------------------
OUT_FILE="$LOG_DIR/fe.out"
echo "Starting MetaFE from $FE_HOME at $(date '+%Y-%m-%d %H:%M:%S'); output in $OUT_FILE"
{
  echo "----- start_fe.sh $(date '+%Y-%m-%d %H:%M:%S'): ${CMD[*]}"
} >> "$OUT_FILE"
# Only output of this start counts: fe.out keeps the lines of every earlier run.
OUT_OFFSET="$(stat -c %s "$OUT_FILE")"

nohup "${CMD[@]}" >> "$OUT_FILE" 2>&1 < /dev/null &
FE_PID=$!
echo "$FE_PID" > "$PID_FILE"

new_output() {
  tail -c "+$((OUT_OFFSET + 1))" "$OUT_FILE" 2>/dev/null || true
}

WAIT_SECONDS="${START_WAIT_SECONDS:-60}"
if ! [[ "$WAIT_SECONDS" =~ ^[0-9]+$ ]]; then
  WAIT_SECONDS=60
fi
POLLS=$(( WAIT_SECONDS * 5 ))
for (( i = 0; i <= POLLS; i++ )); do
  STARTED="$(new_output | grep -m1 '^MetaFE started:' || true)"
  if [[ -n "$STARTED" ]]; then
    echo "$STARTED"
    echo "Frontend running as process $FE_PID; stop it with $FE_HOME/bin/stop_fe.sh"
    exit 0
  fi
  if ! is_running "$FE_PID"; then
    EXIT_CODE=0
    wait "$FE_PID" || EXIT_CODE=$?
    rm -f "$PID_FILE"
    FAILED="$(new_output | grep '^MetaFE failed to start:' || true)"
    if [[ -n "$FAILED" ]]; then
      echo "$FAILED" >&2
    else
      echo "MetaFE exited with status $EXIT_CODE before it was ready; the end of $OUT_FILE:" >&2
      new_output | tail -n 20 >&2
    fi
    echo "See $LOG_DIR/fe.log for details." >&2
    exit 1
  fi
  if (( i < POLLS )); then
    sleep 0.2
  fi
done

# A follower joining through --helper may wait for the master longer than we do; that is not a failure.
echo "Frontend (process $FE_PID) is still starting after ${WAIT_SECONDS}s; follow $OUT_FILE and $LOG_DIR/fe.log."
exit 0
