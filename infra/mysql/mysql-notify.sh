#!/bin/bash
# Tandem: keepalived generic notify (logs every VRRP state change).
# keepalived appends: <GROUP|INSTANCE> <name> <MASTER|BACKUP|FAULT|STOP> <priority>
set -u
log=${1:?usage: mysql-notify.sh <log-file> TYPE NAME STATE PRIORITY}
shift
printf '%s keepalived-notify: %s\n' "$(date '+%F %T.%3N')" "$*" >>"${log}"
