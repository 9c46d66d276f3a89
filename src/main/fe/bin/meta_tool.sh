#!/bin/sh
# Offline, read-only inspection of MetaFE meta_dirs: inspect, dump-journal, dump-image, verify. Run with --help.
# It never starts a node and never writes to a meta_dir; a bdb/ in use by a running FE is refused (exit status 3).
# POSIX sh, so that `sh bin/meta_tool.sh` works where sh is dash (Debian, Ubuntu) as well as bash.
set -eu
# No pathname expansion: META_TOOL_JAVA_OPTS is split on whitespace only, and lib/* is the JVM's to expand.
set -f

# CDPATH is cleared so that a relative `cd bin/..` cannot land in a directory named by CDPATH.
FE_HOME="$(CDPATH='' cd -P -- "$(dirname -- "$0")/.." && pwd -P)"
export FE_HOME
# shellcheck source=common.sh
. "$FE_HOME/bin/common.sh"

# The same java as start_fe.sh.
find_java

# Not fe.conf's JAVA_OPTS: they may name GC log files under the FE's log directory, and a tool must not write there.
# Loading a large image needs about as much heap as the FE has; raise -Xmx here if the tool runs out.
JVM_OPTS="${META_TOOL_JAVA_OPTS:--Xmx1g}"

# shellcheck disable=SC2086
exec "$JAVA" $JVM_OPTS -cp "$FE_HOME/lib/*" io.metafe.tool.MetaTool "$@"
