#!/usr/bin/env bash
# Runs every test: unit tests, then integration tests that start real FEs through bin/start_fe.sh and talk to them
# with MySQL Connector/J, MariaDB Connector/J and the mysql CLI. Installs the mysql CLI (Debian's mariadb-client)
# first when it is missing and we may install packages.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v mysql >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing mariadb-client for the mysql CLI"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mariadb-client >/dev/null
  else
    echo "test.sh: the mysql CLI is missing; install Debian's mariadb-client (apt-get install mariadb-client)" >&2
    exit 1
  fi
fi

exec mvn -B verify "$@"
