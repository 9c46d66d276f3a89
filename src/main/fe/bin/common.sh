# shellcheck shell=sh
# Shared by start_fe.sh, stop_fe.sh and meta_tool.sh; sourced, never run. Expects FE_HOME to be set and exported
# by the caller. POSIX sh: it runs under dash (Debian's sh) as well as bash. No `local`: the few function
# variables have names of their own.
# fe.conf is parsed here instead of sourced, because it is also read by the FE itself (Java) and the two readers
# must agree on its syntax: `key = value`, whole-line `#` comments, optional double quotes, ${NAME} expansion.

# When sourced, $0 is the caller's name.
if [ "${0##*/}" = common.sh ]; then
  echo "common.sh is a library for start_fe.sh and stop_fe.sh; run those instead" >&2
  exit 2
fi

MAIN_CLASS="io.metafe.server.Main"
CONF_FILE="$FE_HOME/conf/fe.conf"
PID_FILE="$FE_HOME/bin/fe.pid"

# Finds the last `KEY = value` line (the FE also lets the last one win) and expands ${NAME} and $NAME in its
# value. FE_HOME and STARROCKS_HOME always mean this home (FE_HOME is exported by the caller, so a home copied
# elsewhere never writes into its original); DATE and LOG_DIR are exported by start_fe.sh once it knows them;
# any other name comes from the environment. An unset name is an error rather than an empty string, as in the
# FE, so that a typo cannot silently turn "-Xlog:...${LOG_DIR}/gc.log" into "/gc.log".
# Exit status: 0 with the value on stdout, 1 when the key is absent, 2 with the unset name on stdout.
# shellcheck disable=SC2016 # an awk program: its $ are awk's, not the shell's
CONF_AWK='
function trim(s) {
  sub(/^[ \t\r\f\v]+/, "", s)
  sub(/[ \t\r\f\v]+$/, "", s)
  return s
}
{
  line = trim($0)
  if (line == "" || substr(line, 1, 1) == "#") next
  eq = index(line, "=")
  if (eq == 0 || trim(substr(line, 1, eq - 1)) != key) next
  v = trim(substr(line, eq + 1))
  if (length(v) >= 2 && substr(v, 1, 1) == "\"" && substr(v, length(v), 1) == "\"") {
    v = substr(v, 2, length(v) - 2)
  }
  raw = v
  found = 1
}
END {
  if (!found) exit 1
  rest = raw
  out = ""
  # Like the former bash parser: expansion stops at the first "$" that starts no name.
  while ((i = index(rest, "$")) > 0) {
    after = substr(rest, i + 1)
    if (match(after, /^[{][A-Za-z_][A-Za-z0-9_]*[}]/)) {
      name = substr(after, 2, RLENGTH - 2)
    } else if (match(after, /^[A-Za-z_][A-Za-z0-9_]*/)) {
      name = substr(after, 1, RLENGTH)
    } else {
      break
    }
    lookup = (name == "STARROCKS_HOME") ? "FE_HOME" : name
    if (!(lookup in ENVIRON)) {
      printf "%s", name
      exit 2
    }
    out = out substr(rest, 1, i - 1) ENVIRON[lookup]
    rest = substr(after, RLENGTH + 1)
  }
  printf "%s", out rest
}'

# conf_read KEY: sets CONF_VALUE to the expanded value of KEY and returns 0, or returns 1 when the key is absent.
# Exits the script when the value cannot be expanded.
conf_read() {
  CONF_VALUE=""
  [ -r "$CONF_FILE" ] || return 1
  # Not `awk ... "$CONF_FILE"`: awk would read an operand containing "=" as an assignment.
  conf_status=0
  CONF_VALUE="$(awk -v key="$1" "$CONF_AWK" < "$CONF_FILE")" || conf_status=$?
  case "$conf_status" in
    0) return 0 ;;
    1) CONF_VALUE=""; return 1 ;;
    2)
      printf '%s\n' "ERROR: $CONF_FILE: \${$CONF_VALUE} is not set; set it in the environment or write the value out" >&2
      exit 1 ;;
    *)
      printf '%s\n' "ERROR: cannot parse $CONF_FILE (awk exited with status $conf_status)" >&2
      exit 1 ;;
  esac
}

# The command line of a process, or nothing if it is gone or a zombie. A zombie counts as gone: PID 1 in some
# containers never reaps orphans, and a zombie's pid would otherwise look alive forever.
process_cmdline() {
  case "$1" in
    ''|*[!0-9]*) return 1 ;;
  esac
  if [ -r "/proc/$1/stat" ]; then
    proc_stat="$(cat 2>/dev/null "/proc/$1/stat")" || return 1
    # The state follows the last ") ": the command name in parentheses may itself contain ") ".
    proc_state="${proc_stat##*) }"
    proc_state="${proc_state%% *}"
    [ -n "$proc_state" ] && [ "$proc_state" != Z ] && [ "$proc_state" != X ] || return 1
    tr 2>/dev/null '\000' ' ' < "/proc/$1/cmdline" || return 1
  else
    proc_state="$(ps -o stat= -p "$1" 2>/dev/null)" || return 1
    case "$proc_state" in
      Z*) return 1 ;;
    esac
    ps -o args= -p "$1" 2>/dev/null || return 1
  fi
}

is_running() {
  process_cmdline "$1" > /dev/null
}

# True only for a live process that is a MetaFE frontend: the pid in fe.pid may have been reused by anything.
is_metafe() {
  proc_cmd="$(process_cmdline "$1")" || return 1
  case "$proc_cmd" in
    *"$MAIN_CLASS"*) return 0 ;;
  esac
  return 1
}

# Prints the pid from fe.pid, or returns 1 when there is no usable pid file.
read_pid_file() {
  [ -f "$PID_FILE" ] || return 1
  pid_text="$(tr -d '[:space:]' < "$PID_FILE")" || return 1
  case "$pid_text" in
    ''|*[!0-9]*) return 1 ;;
  esac
  printf '%s' "$pid_text"
}

# Sets JAVA (JAVA_HOME from fe.conf, else from the environment, else java on PATH) and JAVA_VERSION/JAVA_MAJOR;
# exits with one line when there is no usable Java 17+.
find_java() {
  if conf_read JAVA_HOME && [ -n "$CONF_VALUE" ]; then
    JAVA_HOME="$CONF_VALUE"
  fi
  if [ -n "${JAVA_HOME:-}" ]; then
    JAVA="$JAVA_HOME/bin/java"
    if [ ! -x "$JAVA" ]; then
      printf '%s\n' "ERROR: $JAVA is not an executable; fix JAVA_HOME (environment or $CONF_FILE)" >&2
      exit 1
    fi
  else
    if ! JAVA="$(command -v java)"; then
      printf '%s\n' "ERROR: java not found: set JAVA_HOME (environment or $CONF_FILE) or put a Java 17+ java on PATH" >&2
      exit 1
    fi
  fi

  # `java -version` prints e.g. `openjdk version "17.0.15" 2025-04-15` or, before 9, `java version "1.8.0_402"`.
  JAVA_VERSION_LINE=$("$JAVA" -version 2>&1 | sed -n '/version "/{p;q;}') || JAVA_VERSION_LINE=""
  JAVA_VERSION="${JAVA_VERSION_LINE##*version \"}"
  JAVA_VERSION="${JAVA_VERSION%%\"*}"
  JAVA_MAJOR="${JAVA_VERSION%%[.+-]*}"
  if [ "$JAVA_MAJOR" = 1 ]; then
    JAVA_MAJOR="${JAVA_VERSION#*.}"
    JAVA_MAJOR="${JAVA_MAJOR%%.*}"
  fi
  case "$JAVA_MAJOR" in
    ''|*[!0-9]*)
      printf '%s\n' "ERROR: cannot tell the version of $JAVA (it printed: ${JAVA_VERSION_LINE:-nothing}); MetaFE needs Java 17+" >&2
      exit 1 ;;
  esac
  if [ "$JAVA_MAJOR" -lt 17 ]; then
    printf '%s\n' "ERROR: $JAVA is Java $JAVA_VERSION; MetaFE needs Java 17 or newer. Set JAVA_HOME to a JDK 17+." >&2
    exit 1
  fi
}
