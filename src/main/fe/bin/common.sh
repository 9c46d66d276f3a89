# Shared by start_fe.sh and stop_fe.sh; sourced, never run. Expects FE_HOME to be set by the caller.
# fe.conf is parsed here instead of sourced, because it is also read by the FE itself (Java) and the two readers
# must agree on its syntax: `key = value`, whole-line `#` comments, optional double quotes, ${NAME} expansion.

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  echo "common.sh is a library for start_fe.sh and stop_fe.sh; run those instead" >&2
  exit 2
fi

MAIN_CLASS="io.metafe.server.Main"
CONF_FILE="$FE_HOME/conf/fe.conf"
PID_FILE="$FE_HOME/bin/fe.pid"

# Variables that ${NAME} may use in fe.conf besides the environment. FE_HOME always means this home, even if the
# caller's environment names another one, so that a copied home never writes into its original.
declare -A CONF_VARS=([FE_HOME]="$FE_HOME" [STARROCKS_HOME]="$FE_HOME")

# Sets REPLY to $1 without leading and trailing whitespace; no subshell, as it runs for every line of fe.conf.
trim() {
  REPLY="$1"
  REPLY="${REPLY#"${REPLY%%[![:space:]]*}"}"
  REPLY="${REPLY%"${REPLY##*[![:space:]]}"}"
}

# Expands ${NAME} and $NAME from CONF_VARS, then the environment. An unset name is an error rather than an empty
# string, as in the FE, so that a typo cannot silently turn "-Xlog:...${LOG_DIR}/gc.log" into "/gc.log".
expand_vars() {
  local rest="$1" out="" name value
  local re='^([^$]*)\$(\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))(.*)$'
  while [[ $rest =~ $re ]]; do
    out+="${BASH_REMATCH[1]}"
    name="${BASH_REMATCH[3]:-${BASH_REMATCH[4]}}"
    rest="${BASH_REMATCH[5]}"
    if [[ -n "${CONF_VARS[$name]+set}" ]]; then
      value="${CONF_VARS[$name]}"
    elif [[ -n "${!name+set}" ]]; then
      value="${!name}"
    else
      echo "ERROR: $CONF_FILE: \${$name} is not set; set it in the environment or write the value out" >&2
      return 1
    fi
    out+="$value"
  done
  printf '%s' "$out$rest"
}

# conf_read KEY: sets CONF_VALUE to the expanded value of the last `KEY = value` line (the FE also lets the last
# one win) and returns 0, or returns 1 when the key is absent. Exits the script when the value cannot be expanded.
conf_read() {
  local key="$1" line k v found=0 raw=""
  CONF_VALUE=""
  [[ -r "$CONF_FILE" ]] || return 1
  while IFS= read -r line || [[ -n "$line" ]]; do
    trim "$line"; line="$REPLY"
    [[ -z "$line" || "$line" == \#* || "$line" != *=* ]] && continue
    trim "${line%%=*}"; k="$REPLY"
    [[ "$k" == "$key" ]] || continue
    trim "${line#*=}"; v="$REPLY"
    if [[ ${#v} -ge 2 && "$v" == \"*\" ]]; then
      v="${v:1:${#v}-2}"
    fi
    raw="$v"
    found=1
  done < "$CONF_FILE"
  [[ $found == 1 ]] || return 1
  CONF_VALUE="$(expand_vars "$raw")" || exit 1
  return 0
}

# The command line of a process, or nothing if it is gone or a zombie. A zombie counts as gone: PID 1 in some
# containers never reaps orphans, and a zombie's pid would otherwise look alive forever.
process_cmdline() {
  local pid="$1" state
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  if [[ -r "/proc/$pid/stat" ]]; then
    state="$(sed -E 's/^[0-9]+ \(.*\) ([A-Za-z]).*/\1/' "/proc/$pid/stat" 2>/dev/null)" || return 1
    [[ "$state" != "Z" && "$state" != "X" ]] || return 1
    tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null || return 1
  else
    state="$(ps -o stat= -p "$pid" 2>/dev/null)" || return 1
    [[ "$state" != Z* ]] || return 1
    ps -o args= -p "$pid" 2>/dev/null || return 1
  fi
}

is_running() {
  process_cmdline "$1" > /dev/null
}

# True only for a live process that is a MetaFE frontend: the pid in fe.pid may have been reused by anything.
is_metafe() {
  local cmd
  cmd="$(process_cmdline "$1")" || return 1
  [[ "$cmd" == *"$MAIN_CLASS"* ]]
}

# Prints the pid from fe.pid, or returns 1 when there is no usable pid file.
read_pid_file() {
  local pid
  [[ -f "$PID_FILE" ]] || return 1
  pid="$(tr -d '[:space:]' < "$PID_FILE")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  printf '%s' "$pid"
}

# Sets JAVA (JAVA_HOME from fe.conf, else from the environment, else java on PATH) and JAVA_VERSION/JAVA_MAJOR;
# exits with one line when there is no usable Java 17+.
find_java() {
  if conf_read JAVA_HOME && [[ -n "$CONF_VALUE" ]]; then
    JAVA_HOME="$CONF_VALUE"
  fi
  if [[ -n "${JAVA_HOME:-}" ]]; then
    JAVA="$JAVA_HOME/bin/java"
    if [[ ! -x "$JAVA" ]]; then
      echo "ERROR: $JAVA is not an executable; fix JAVA_HOME (environment or $CONF_FILE)" >&2
      exit 1
    fi
  else
    if ! JAVA="$(command -v java)"; then
      echo "ERROR: java not found: set JAVA_HOME (environment or $CONF_FILE) or put a Java 17+ java on PATH" >&2
      exit 1
    fi
  fi

  # `java -version` prints e.g. `openjdk version "17.0.15" 2025-04-15` or, before 9, `java version "1.8.0_402"`.
  JAVA_VERSION_LINE="$("$JAVA" -version 2>&1 | grep -m1 -E 'version "' || true)"
  JAVA_VERSION="$(sed -E 's/.*version "([^"]*)".*/\1/' <<< "$JAVA_VERSION_LINE")"
  JAVA_MAJOR="${JAVA_VERSION%%[.+-]*}"
  if [[ "$JAVA_MAJOR" == 1 ]]; then
    JAVA_MAJOR="$(cut -d. -f2 <<< "$JAVA_VERSION")"
  fi
  if ! [[ "$JAVA_MAJOR" =~ ^[0-9]+$ ]]; then
    echo "ERROR: cannot tell the version of $JAVA (it printed: ${JAVA_VERSION_LINE:-nothing}); MetaFE needs Java 17+" >&2
    exit 1
  fi
  if (( JAVA_MAJOR < 17 )); then
    echo "ERROR: $JAVA is Java $JAVA_VERSION; MetaFE needs Java 17 or newer. Set JAVA_HOME to a JDK 17+." >&2
    exit 1
  fi
}
