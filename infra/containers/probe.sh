#!/bin/bash
# tandem-probe: the compose health checks, with bash alone (no curl or nc in every image).
#   tandem-probe tcp HOST PORT                 the port accepts connections
#   tandem-probe http HOST PORT PATH REGEX     GET PATH answers with a match of REGEX (grep -E)
#   tandem-probe zookeeper HOST PORT           the server serves (four-letter word srvr)
#   tandem-probe all FILE -                    every "HOST PORT" line of FILE accepts connections
# Mounted into every container by docker-compose.yml; its arguments never hold spaces, so the
# exec form survives engines that re-split it (podman's Docker API does).
set -euo pipefail
if [ "$1" = all ]; then
  while read -r host port; do
    [ -n "$host" ] || continue
    exec 3<>"/dev/tcp/$host/$port"
    exec 3>&-
  done <"$2"
  exit 0
fi
kind=$1 host=$2 port=$3
exec 3<>"/dev/tcp/$host/$port"
case "$kind" in
  tcp) ;;
  http)
    printf 'GET %s HTTP/1.0\r\nHost: %s\r\n\r\n' "$4" "$host" >&3
    grep -Eq -- "$5" <&3
    ;;
  zookeeper)
    printf srvr >&3
    grep -q Mode <&3
    ;;
  *)
    echo "tandem-probe: unknown kind $kind" >&2
    exit 2
    ;;
esac
