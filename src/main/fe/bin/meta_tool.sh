#!/usr/bin/env bash
# Offline, read-only inspection of MetaFE meta_dirs: inspect, dump-journal, dump-image, verify. Run with --help.
# It never starts a node and never writes to a meta_dir; a bdb/ in use by a running FE is refused (exit status 3).
set -euo pipefail

FE_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
export FE_HOME
# shellcheck source=common.sh
source "$FE_HOME/bin/common.sh"

# The same java as start_fe.sh: JAVA_HOME from fe.conf, else from the environment, else the one on PATH.
if conf_read JAVA_HOME && [[ -n "$CONF_VALUE" ]]; then
  JAVA_HOME="$CONF_VALUE"
fi
if [[ -n "${JAVA_HOME:-}" ]]; then
  JAVA="$JAVA_HOME/bin/java"
  if [[ ! -x "$JAVA" ]]; then
    echo "ERROR: $JAVA is not an executable; fix JAVA_HOME (environment or $CONF_FILE)" >&2
    exit 1
  fi
elif ! JAVA="$(command -v java)"; then
  echo "ERROR: java not found: set JAVA_HOME (environment or $CONF_FILE) or put a Java 17+ java on PATH" >&2
  exit 1
fi
# Captured first: with pipefail, grep -q closing the pipe early could fail the java that writes into it.
JAVA_VERSION_TEXT="$("$JAVA" -version 2>&1 || true)"
if ! grep -q -E 'version "(1[7-9]|[2-9][0-9])' <<< "$JAVA_VERSION_TEXT"; then
  echo "ERROR: $JAVA is not Java 17 or newer; set JAVA_HOME to a JDK 17+" >&2
  exit 1
fi

# Not fe.conf's JAVA_OPTS: they may name GC log files under the FE's log directory, and a tool must not write there.
# Loading a large image needs about as much heap as the FE has; raise -Xmx here if the tool runs out.
read -r -a JVM_OPTS <<< "${META_TOOL_JAVA_OPTS:--Xmx1g}"

exec "$JAVA" "${JVM_OPTS[@]}" -cp "$FE_HOME/lib/*" io.metafe.tool.MetaTool "$@"
