#!/bin/bash
# Start nginx (foreground: "daemon off" is in nginx.conf) for a Tandem lb host.
# Usage: nginx-run.sh CONF_FILE RUN_DIR LOGS_DIR
# Run inside the lb host's network namespace, as root, as its own process
# group leader (supervisord does setpgrp for every program). Ends with exec,
# so the supervised PID is the nginx master itself.
#
# A SIGKILLed nginx master leaves its workers running: they keep the port-80
# socket and keep answering (so /nginx-health still passes), and a new
# master fails with "bind() ... Address already in use". Before exec'ing
# nginx this kills such leftovers: processes named nginx whose process group
# is the old master PID from the pid file, in this network namespace only.
set -euo pipefail
if [ "$#" -ne 3 ]; then
  echo "usage: $0 CONF_FILE RUN_DIR LOGS_DIR" >&2
  exit 2
fi
conf=$1
run_dir=$2
logs_dir=$3
pid_file=$run_dir/nginx.pid

leftovers() {
  local pgid=$1 pid my_ns
  my_ns=$(readlink /proc/self/ns/net)
  for pid in $(pgrep -g "$pgid" -x nginx || true); do
    if [ "$(readlink "/proc/$pid/ns/net" 2>/dev/null)" = "$my_ns" ]; then
      echo "$pid"
    fi
  done
}

old_pid=$(cat "$pid_file" 2>/dev/null || true)
if [[ "$old_pid" =~ ^[0-9]+$ ]]; then
  pids=$(leftovers "$old_pid")
  if [ -n "$pids" ]; then
    echo "nginx-run: stopping leftover nginx processes: ${pids//$'\n'/ }" >&2
    # shellcheck disable=SC2086
    kill -TERM $pids 2>/dev/null || true
    for _ in $(seq 1 50); do
      [ -z "$(leftovers "$old_pid")" ] && break
      sleep 0.1
    done
    pids=$(leftovers "$old_pid")
    # shellcheck disable=SC2086
    [ -z "$pids" ] || kill -KILL $pids 2>/dev/null || true
  fi
fi
rm -f "$pid_file"

exec /usr/sbin/nginx -p "$run_dir/" -e "$logs_dir/nginx-error.log" -c "$conf"
