#!/bin/bash
# Tandem: keepalived notify_master for a MariaDB shard.
# Usage: mysql-promote.sh <mysql-conf-dir> <log-file> [<peer-address> <peer-port>]
# Promotes the local replica to writer after keepalived moved the VIP here:
#   0. best effort: fence the peer (SET GLOBAL read_only=1 over TCP, 1 s),
#   1. stop the IO thread, wait until everything received is applied
#      (MASTER_GTID_WAIT on Gtid_IO_Pos, bounded),
#   2. semisync master side on (if configured), read_only=0 (before RESET,
#      so the health check never sees a gap),
#   3. STOP SLAVE; RESET SLAVE ALL.
# Idempotent: on a node that already is the writer it only re-asserts read_only=0.
set -u
conf=${1:?usage: mysql-promote.sh <mysql-conf-dir> <log-file> [peer-address peer-port]}
log=${2:?log file}
peer=${3:-}
peer_port=${4:-3306}
wait_s=30

say() { printf '%s mysql-promote[%d]: %s\n' "$(date '+%F %T.%3N')" "$$" "$*" >>"${log}"; }
q() {
  timeout 40 mariadb --defaults-file="${conf}/admin.cnf" --connect-timeout=2 -N -B -e "$1"
}
slave_field() {
  # no -N: with -N the \G output loses its field names
  timeout 10 mariadb --defaults-file="${conf}/admin.cnf" --connect-timeout=2 -B -e 'SHOW SLAVE STATUS\G' | awk -v k="$1:" '$1 == k {print $2}'
}

say "became MASTER; promoting (peer=${peer:-none})"

if [ -n "${peer}" ]; then
  if timeout 2 mariadb --defaults-file="${conf}/admin.cnf" --connect-timeout=1 \
      -h "${peer}" -P "${peer_port}" -e 'SET GLOBAL read_only=1' 2>/dev/null; then
    say "fenced peer ${peer}:${peer_port} (read_only=1)"
  else
    say "peer ${peer}:${peer_port} unreachable (expected when it died)"
  fi
fi

ok=0
for _ in 1 2 3 4 5 6 7 8 9 10; do
  if q 'SELECT 1' >/dev/null 2>&1; then ok=1; break; fi
  sleep 0.5
done
if [ "${ok}" != 1 ]; then
  say "local mariadbd not reachable; giving up (health check will drop the VIP)"
  exit 1
fi

if [ -n "$(q 'SHOW SLAVE STATUS')" ]; then
  q 'STOP SLAVE IO_THREAD' || say "STOP SLAVE IO_THREAD failed"
  io_pos=$(slave_field Gtid_IO_Pos)
  if [ -n "${io_pos}" ]; then
    res=$(q "SELECT MASTER_GTID_WAIT('${io_pos}', ${wait_s})")
    say "relay log applied up to ${io_pos}: MASTER_GTID_WAIT=${res} (0=ok, -1=timeout)"
  else
    say "nothing received from the old primary yet"
  fi
  q 'SET GLOBAL rpl_semi_sync_master_enabled=@@global.rpl_semi_sync_slave_enabled; SET GLOBAL read_only=0'
  q 'STOP SLAVE; RESET SLAVE ALL'
else
  q 'SET GLOBAL rpl_semi_sync_master_enabled=@@global.rpl_semi_sync_slave_enabled; SET GLOBAL read_only=0'
fi
say "promoted: read_only=$(q 'SELECT @@global.read_only') gtid_current_pos=$(q 'SELECT @@global.gtid_current_pos')"
