#!/bin/bash
# Start keepalived (VRRP only, foreground) for the Tandem lb VIP.
# Usage: keepalived-run.sh CONF_FILE RUN_DIR VIP/PREFIX INTERFACE
# Run inside the lb host's network namespace, as root, as its own process
# group leader (supervisord does setpgrp for every program). Ends with exec,
# so the supervised PID is the keepalived parent process itself.
#
# Before exec'ing keepalived it cleans up what a SIGKILLed keepalived leaves:
#  - leftover keepalived processes of the previous run (the VRRP child
#    survives a SIGKILL of its parent for ~2 s); found by the old parent PID
#    from the pid file = old process group id, same network namespace only,
#    sent TERM (releases the VIP), KILL after 5 s,
#  - the VIP on INTERFACE (a SIGKILLed VRRP child never deletes it; left
#    there the host answers ARP for the VIP next to the real master),
#  - the pid files and the notify script's vrrp.state.
set -euo pipefail
if [ "$#" -ne 4 ]; then
  echo "usage: $0 CONF_FILE RUN_DIR VIP/PREFIX INTERFACE" >&2
  exit 2
fi
conf=$1
run_dir=$2
vip_cidr=$3
iface=$4
pid_file=$run_dir/keepalived.pid
vrrp_pid_file=$run_dir/keepalived-vrrp.pid

# PIDs of processes named $1 in process group $2 in this network namespace.
leftovers() {
  local name=$1 pgid=$2 pid my_ns
  my_ns=$(readlink /proc/self/ns/net)
  for pid in $(pgrep -g "$pgid" -x "$name" || true); do
    if [ "$(readlink "/proc/$pid/ns/net" 2>/dev/null)" = "$my_ns" ]; then
      echo "$pid"
    fi
  done
}

old_pid=$(cat "$pid_file" 2>/dev/null || true)
if [[ "$old_pid" =~ ^[0-9]+$ ]]; then
  pids=$(leftovers keepalived "$old_pid")
  if [ -n "$pids" ]; then
    echo "keepalived-run: stopping leftover keepalived processes: ${pids//$'\n'/ }" >&2
    # shellcheck disable=SC2086
    kill -TERM $pids 2>/dev/null || true
    for _ in $(seq 1 50); do
      [ -z "$(leftovers keepalived "$old_pid")" ] && break
      sleep 0.1
    done
    pids=$(leftovers keepalived "$old_pid")
    # shellcheck disable=SC2086
    [ -z "$pids" ] || kill -KILL $pids 2>/dev/null || true
  fi
fi

if ip -o -4 addr show dev "$iface" | grep -qF " inet $vip_cidr "; then
  echo "keepalived-run: removing stale VIP $vip_cidr from $iface" >&2
  ip addr del "$vip_cidr" dev "$iface"
fi
rm -f "$pid_file" "$vrrp_pid_file" "$run_dir/vrrp.state"

exec /usr/sbin/keepalived -n -l -D -G -P -f "$conf" \
  -p "$pid_file" -r "$vrrp_pid_file"
