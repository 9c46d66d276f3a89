#!/bin/sh
# A master and one FOLLOWER on 127.0.0.1 (ports 21xxx and 22xxx) from a built FE home: the follower's CPU time
# (utime+stime from /proc) over 20 s of an idle cluster, then while one mysql client runs 2000 single-row INSERTs.
#   bench/idle_cpu.sh [output/fe] [label]
# Needs the mysql CLI. Stops both FEs and deletes their homes at the end.
set -eu
SRC=${1:-output/fe}
TAG=${2:-run}
BASE=$(mktemp -d "${TMPDIR:-/tmp}/metafe-idle.XXXXXX")
cleanup() {
  for n in 2 1; do
    [ -f "$BASE/fe$n/bin/stop_fe.sh" ] && sh "$BASE/fe$n/bin/stop_fe.sh" >/dev/null 2>&1 || true
  done
  rm -rf "$BASE"
}
trap cleanup EXIT
for n in 1 2; do
  cp -r "$SRC" "$BASE/fe$n"
  sed -i "s/^query_port.*/query_port = 2${n}030/; s/^http_port.*/http_port = 2${n}080/; \
s/^rpc_port.*/rpc_port = 2${n}020/; s/^edit_log_port.*/edit_log_port = 2${n}010/" "$BASE/fe$n/conf/fe.conf"
  rm -rf "$BASE/fe$n/meta" "$BASE/fe$n/log"
done
sh "$BASE/fe1/bin/start_fe.sh" --daemon >/dev/null
mysql -h127.0.0.1 -P21030 -uroot -e 'ALTER SYSTEM ADD FOLLOWER "127.0.0.1:22010";
  CREATE DATABASE b; CREATE TABLE b.t (k INT NOT NULL) DUPLICATE KEY(k)'
sh "$BASE/fe2/bin/start_fe.sh" --daemon --helper 127.0.0.1:21010:21080 >/dev/null
sleep 5
PID=$(cat "$BASE/fe2/bin/fe.pid")
cpu() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
a=$(cpu); sleep 20; b=$(cpu)
echo "$TAG: follower CPU while the cluster is idle for 20 s: $(( (b - a) * 10 )) ms"
i=0
while [ $i -lt 2000 ]; do echo "INSERT INTO b.t VALUES ($i);"; i=$((i + 1)); done > "$BASE/inserts.sql"
a=$(cpu); start=$(date +%s%N)
mysql -h127.0.0.1 -P21030 -uroot < "$BASE/inserts.sql"
end=$(date +%s%N); sleep 1; b=$(cpu)
echo "$TAG: 2000 single-row INSERTs from one mysql client in $(( (end - start) / 1000000 )) ms;" \
  "follower CPU $(( (b - a) * 10 )) ms"
