#!/bin/bash
# keepalived notify hook for the Tandem lb VIP.
# Usage (keepalived appends the last four arguments):
#   keepalived-notify.sh RUN_DIR LOGS_DIR INSTANCE TYPE NAME STATE PRIORITY
# Writes the current state (MASTER/BACKUP/FAULT/STOP) to RUN_DIR/vrrp.state
# and appends one line per transition to LOGS_DIR/vrrp-state.log.
# Must be owned by root and not group/other writable (enable_script_security).
set -u
if [ "$#" -lt 6 ]; then
  echo "usage: $0 RUN_DIR LOGS_DIR INSTANCE TYPE NAME STATE [PRIORITY]" >&2
  exit 2
fi
run_dir=$1
logs_dir=$2
instance=$3
type=$4
name=$5
state=$6
priority=${7:-}
now=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)
printf '%s\n' "$state" > "$run_dir/vrrp.state.tmp" && mv -f "$run_dir/vrrp.state.tmp" "$run_dir/vrrp.state"
printf '%s %s %s %s %s %s\n' "$now" "$instance" "$type" "$name" "$state" "$priority" >> "$logs_dir/vrrp-state.log"
exit 0
