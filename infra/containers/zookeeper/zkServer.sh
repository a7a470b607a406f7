#!/bin/bash
# `zkServer.sh [--config DIR] start-foreground` as ZooKeeper's own script runs it: DIR/zoo.cfg,
# with DIR on the class path for logback.xml. The Maven artifacts carry no scripts.
set -euo pipefail
conf=${ZOOCFGDIR:-/conf}
if [ "${1:-}" = --config ]; then
  conf=$2
  shift 2
fi
[ "${1:-}" = start-foreground ] || { echo "this image runs only: zkServer.sh [--config DIR] start-foreground" >&2; exit 2; }
# shellcheck disable=SC2086 # JVMFLAGS holds several flags
exec java ${JVMFLAGS:--Xmx256m} -cp "$conf:/opt/zookeeper/lib/*" \
  org.apache.zookeeper.server.quorum.QuorumPeerMain "$conf/zoo.cfg"
