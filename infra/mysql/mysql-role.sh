#!/bin/bash
# Tandem: "start" step for a MariaDB shard node (run by the launcher after
# mariadbd answers on its socket; mariadbd always starts with read_only=ON).
# Usage: mysql-role.sh <mysql-conf-dir> <vip> <port> <ordinal> <repl-password>
# Decides the role by asking whoever holds the VIP:
#   - VIP answers with read_only=0 and a report_host != mine -> become its
#     replica (GTID slave_pos), after checking our GTID state did not diverge;
#   - VIP answers and it is me -> stay writer (nothing to do);
#   - nobody answers on the VIP and ordinal==1 -> cold start: become writer;
#   - otherwise wait (bounded) for the VIP to appear, then retry.
# Exit codes: 0 role set, 2 diverged (needs re-clone), 1 other failure.
set -u
conf=${1:?usage: mysql-role.sh <mysql-conf-dir> <vip> <port> <ordinal> <repl-password>}
vip=${2:?vip}
port=${3:?port}
ordinal=${4:?ordinal}
repl_password=${5:?repl password}

q() { timeout 40 mariadb --defaults-file="${conf}/admin.cnf" --connect-timeout=2 -N -B -e "$1"; }
qv() { timeout 5 mariadb --defaults-file="${conf}/admin.cnf" --connect-timeout=1 -h "${vip}" -P "${port}" -N -B -e "$1"; }
say() { printf '%s mysql-role: %s\n' "$(date '+%F %T.%3N')" "$*" >&2; }

me=$(q 'SELECT @@global.report_host') || { say "local server not reachable"; exit 1; }

for attempt in $(seq 1 60); do
  if primary=$(qv 'SELECT @@global.report_host, @@global.read_only, @@global.gtid_binlog_pos' 2>/dev/null) && [ -n "${primary}" ]; then
    p_host=$(cut -f1 <<<"${primary}")
    p_ro=$(cut -f2 <<<"${primary}")
    if [ "${p_ro}" != 0 ]; then
      say "VIP holder ${p_host} is still read-only (promotion running?); retry ${attempt}"
    elif [ "${p_host}" = "${me}" ]; then
      say "I (${me}) hold the VIP and am the writer"
      q 'SET GLOBAL rpl_semi_sync_master_enabled=@@global.rpl_semi_sync_slave_enabled'
      exit 0
    else
      break
    fi
  elif [ "${ordinal}" = 1 ]; then
    say "nobody answers on ${vip}: cold start, ${me} (ordinal 1) becomes the writer"
    q 'STOP SLAVE; RESET SLAVE ALL; SET GLOBAL rpl_semi_sync_master_enabled=@@global.rpl_semi_sync_slave_enabled; SET GLOBAL read_only=0'
    exit 0
  else
    say "nobody answers on ${vip} yet; retry ${attempt}"
  fi
  sleep 0.5
  primary=""
done
[ -n "${primary}" ] || { say "no primary found"; exit 1; }

# --- become a replica of ${p_host} ---
q 'SET GLOBAL read_only=1; SET GLOBAL rpl_semi_sync_master_enabled=OFF'
q 'STOP SLAVE'
# A former primary's own writes are in gtid_binlog_pos, not gtid_slave_pos.
# Use the binlog position as the replication start point.
my_pos=$(q 'SELECT @@global.gtid_binlog_pos')
say "my gtid_binlog_pos='${my_pos}' gtid_slave_pos='$(q 'SELECT @@global.gtid_slave_pos')'"
if [ -n "${my_pos}" ]; then
  # Divergence pre-check (one GTID domain, 0): my last seq_no must not be
  # ahead of the primary's.
  p_pos=$(qv 'SELECT @@global.gtid_binlog_pos')
  my_seq=$(tr ',' '\n' <<<"${my_pos}" | awk -F- '$1==0 {print $3}')
  my_srv=$(tr ',' '\n' <<<"${my_pos}" | awk -F- '$1==0 {print $2}')
  p_seq=$(tr ',' '\n' <<<"${p_pos}" | awk -F- '$1==0 {print $3}')
  if [ -n "${my_seq}" ] && { [ -z "${p_seq}" ] || [ "${my_seq}" -gt "${p_seq}" ]; }; then
    say "DIVERGED: my last GTID 0-${my_srv}-${my_seq} is ahead of primary ${p_pos}"
    exit 2
  fi
  # Same seq_no from another server (0-1-N here, 0-2-N there) is caught by
  # the primary itself: with gtid_strict_mode it refuses the connection with
  # error 1236, which the wait loop below reports as divergence.
  q "SET GLOBAL gtid_slave_pos='${my_pos}'"
fi
q "CHANGE MASTER TO MASTER_HOST='${p_host}', MASTER_PORT=${port}, MASTER_USER='tandem_repl', MASTER_PASSWORD='${repl_password}', MASTER_CONNECT_RETRY=1, MASTER_USE_GTID=slave_pos"
q 'START SLAVE'
# gtid_strict_mode on both sides: if my history diverged (same seq_no, other
# server_id), the IO thread stops with Last_IO_Errno 1236 - detect it here.
for _ in $(seq 1 40); do
  # no -N: with -N the \G output loses its field names
  st=$(timeout 10 mariadb --defaults-file="${conf}/admin.cnf" --connect-timeout=2 -B -e 'SHOW SLAVE STATUS\G')
  io=$(awk '$1=="Slave_IO_Running:" {print $2}' <<<"${st}")
  sqlr=$(awk '$1=="Slave_SQL_Running:" {print $2}' <<<"${st}")
  ioerr=$(awk '$1=="Last_IO_Errno:" {print $2}' <<<"${st}")
  sqlerr=$(awk '$1=="Last_SQL_Errno:" {print $2}' <<<"${st}")
  if [ "${ioerr}" != 0 ] || [ "${sqlerr}" != 0 ]; then
    say "replication error io=${ioerr} sql=${sqlerr}: $(awk '/Last_(IO|SQL)_Error:/ {sub(/^[^:]*: /, ""); print}' <<<"${st}" | tr '\n' ' ')"
    [ "${ioerr}" = 1236 ] && exit 2
    exit 1
  fi
  if [ "${io}" = Yes ] && [ "${sqlr}" = Yes ]; then
    say "replicating from ${p_host}:${port} (MASTER_USE_GTID=slave_pos)"
    exit 0
  fi
  sleep 0.25
done
say "replication did not start"
exit 1
