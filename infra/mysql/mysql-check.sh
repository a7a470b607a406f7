#!/bin/bash
# Tandem: keepalived vrrp_script health check for the local mariadbd.
# Usage: mysql-check.sh <mysql-conf-dir>
# Exit 0 ("may hold the shard VIP") when the local server answers AND is either
#   - the writer (read_only=0), or
#   - a configured replica whose SQL thread is running (a valid candidate).
# A freshly started node whose role is not decided yet (read_only=1, no
# replication configured) fails, so it can never grab the VIP.
set -u
conf=${1:?usage: mysql-check.sh <mysql-conf-dir>}

q() {
  timeout 3 mariadb --defaults-file="${conf}/monitor.cnf" --connect-timeout=1 -N -B -e "$1"
}

ro=$(q 'SELECT @@global.read_only') || exit 1
if [ "${ro}" = "0" ]; then
  exit 0
fi
# Note: no -N here, with -N the \G output loses its field names.
sql_running=$(timeout 3 mariadb --defaults-file="${conf}/monitor.cnf" --connect-timeout=1 -B \
  -e 'SHOW SLAVE STATUS\G' | awk '$1 == "Slave_SQL_Running:" {print $2}') || exit 1
[ "${sql_running}" = "Yes" ]
