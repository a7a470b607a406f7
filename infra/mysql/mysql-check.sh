#!/bin/bash
# Tandem: keepalived vrrp_script for a MySQL shard VIP: is the host's guard alive?
# Usage: mysql-check.sh <track-file>
# The guard (mysql-guard-S-N) decides who the writer is and writes 0 (writer)
# or 1 to the track file, which keepalived follows at once (vrrp_track_file);
# it rewrites the file every second. This script covers the guard itself: a
# file older than 3 s means the guard is gone, and a server without its guard
# must not keep the VIP (nothing would fence it if it lost its quorum).
set -u
track=${1:?usage: mysql-check.sh <track-file>}
written=$(stat -c %Y "${track}" 2>/dev/null) || exit 1
[ $(($(date +%s) - written)) -le 3 ]
