#!/usr/bin/env bash
# Runs a benchmark against real FEs built from this checkout. Never part of the tests.
#   bench/run.sh insert [seconds-per-point] [rounds]   single FE vs raw bdbje
#   bench/run.sh cluster [seconds-per-point]           3 followers + 1 observer vs raw bdbje HA
#   bench/run.sh failover [trials]                      kill -9 / SIGSTOP of the master to the first write
#   bench/run.sh image [rows...]                        checkpoint time, size and heap; startup from image + a
#                                                       100k-entry bdbje tail; insert p99 with/without a running
#                                                       checkpoint (in-process, real bdbje, no FE; ~2 min per size)
#   bench/run.sh recovery [rows] [entries] [kill|stop] metadata failure recovery: start_fe.sh to first write
#   bench/run.sh prepared [seconds-per-point] [rounds] the same INSERT as text and as a server-side prepared statement
#   bench/run.sh forward [seconds-per-point]          INSERTs through a follower (forwarded) vs to the master
#   bench/run.sh faults [rounds] [writers] [pause-s]   kill -9 / SIGSTOP of the master, kill -9 of a follower or the
#                                                       observer, under writers on every FE: recovery times, lost,
#                                                       doubled, checksums, process exits (~1 min per round)
#   bench/run.sh quorum [trials]                        2 of 3 followers killed: refused write, first write after one
#                                                       restarts; whole-cluster restart: start_fe.sh times, first write
#   bench/run.sh etcd [seconds-per-point] [rounds] [warmup-s]
#                                                       3 FOLLOWERs vs 3 etcd 3.4 members (Debian etcd-server):
#                                                       single-row INSERTs vs puts, 512 B values, 1 and 32 clients
set -euo pipefail
cd "$(dirname "$0")/.."
which="${1:-insert}"
shift || true
mvn -B -q -o package -DskipTests 2>/dev/null || mvn -B -q package -DskipTests
mvn -B -q -o test-compile 2>/dev/null || mvn -B -q test-compile
mvn -B -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath \
  2>/dev/null || mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
# A private copy of the classes: a build running meanwhile in this checkout rewrites target/ and would make the
# benchmark JVM fail with NoClassDefFoundError halfway through.
snap="$(mktemp -d "${TMPDIR:-/tmp}/metafe-bench-classes.XXXXXX")"
trap 'rm -rf "$snap"' EXIT
cp -r target/classes "$snap/classes" && cp -r target/test-classes "$snap/test-classes"
cp="$snap/test-classes:$snap/classes:$(cat target/bench.classpath)"
case "$which" in
  insert) main=io.metafe.bench.InsertBenchmark ;;
  cluster|failover) main=io.metafe.bench.ClusterBenchmark; set -- "$which" "$@" ;;
  image) main=io.metafe.bench.ImageBenchmark ;;
  recovery) main=io.metafe.bench.RecoveryBenchmark ;;
  quorum) main=io.metafe.bench.QuorumBenchmark ;;
  prepared) main=io.metafe.bench.PreparedBenchmark ;;
  forward) main=io.metafe.bench.ForwardBenchmark ;;
  faults) main=io.metafe.bench.FaultBenchmark ;;
  etcd) main=io.metafe.bench.EtcdBenchmark ;;
  *) echo "usage: bench/run.sh insert|cluster|failover|image|recovery|quorum|prepared|forward|faults|etcd [args]" >&2
     exit 2 ;;
esac
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
# BENCH_JAVA_OPTS=-Dmetafe.keepHomes=true keeps the FE homes of the run for inspection.
java -Xmx1g ${BENCH_JAVA_OPTS:-} -Dmetafe.home="$PWD/output/fe" -cp "$cp" "$main" "$@"
