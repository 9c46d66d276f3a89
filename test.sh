#!/usr/bin/env bash
# Runs every test: unit tests, then integration tests that start real FEs through bin/start_fe.sh and talk to them
# with the clients users have: MySQL Connector/J, MariaDB Connector/J, the mysql CLI, mysqldump and mysqlslap
# (Debian's mariadb-client), PyMySQL (Debian's python3-pymysql) and Node's mysql2 (npm, src/test/clients).
# Installs what is missing first when it may.
set -euo pipefail
cd "$(dirname "$0")"

missing=""
command -v mysql >/dev/null 2>&1 || missing="$missing mariadb-client"
/usr/bin/python3 -c 'import pymysql' >/dev/null 2>&1 || missing="$missing python3-pymysql"
command -v node >/dev/null 2>&1 || missing="$missing nodejs npm"
# FaultIT cuts the master off the network with nftables (as root); without it, it says so and skips the cut.
if [ "$(id -u)" = "0" ]; then command -v nft >/dev/null 2>&1 || missing="$missing nftables"; fi
if [ -n "$missing" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing$missing"
    apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
  else
    echo "test.sh: missing$missing; install them (apt-get install$missing)" >&2
    exit 1
  fi
fi
if [ ! -d src/test/clients/node_modules/mysql2 ]; then
  echo "test.sh: installing Node's mysql2 into src/test/clients"
  (cd src/test/clients && npm ci --no-audit --no-fund --loglevel=error)
fi

exec mvn -B verify "$@"
