#!/bin/bash
# The entry of an Elasticsearch container: elasticsearch-host.sh NAME (as root, then as 1000:0).
# Elasticsearch refuses a transport address outside loopback unless it may open 65535 files; where
# the engine caps that lower (podman here: root cannot raise its own 20000), the launcher renders a
# loopback "twin" of the host address as transport.host (infra/launcher's Elasticsearch.java), and
# the container gets it as natively: on eth0, with 127.0.0.0/8 no longer all on lo, and routed off
# the host (net.ipv4.conf.all.route_localnet, set by docker-compose.yml). NET_ADMIN for the
# addresses; the server itself runs unprivileged.
set -euo pipefail
name=$1
conf=/tandem/conf/$name
transport=$(sed -n 's/^transport\.host: *//p' "$conf/elasticsearch.yml")
if [[ "$transport" == 127.* && "$transport" != 127.0.0.1 ]]; then
  if ip -4 -o addr show dev lo | grep -q ' 127\.0\.0\.1/8 '; then
    ip addr del 127.0.0.1/8 dev lo
    ip addr add 127.0.0.1/32 dev lo
  fi
  prefix=$(ip -4 -o addr show dev eth0 | sed -n 's/.* inet [0-9.]*\/\([0-9]*\) .*/\1/p' | head -1)
  ip addr add "$transport/$prefix" dev eth0 2>/dev/null || true
fi
# Elasticsearch writes its keystore beside its config, which must lie outside its data, logs and
# temp directories: the rendered files are copied over the image's own config.
cp "$conf"/* /usr/share/elasticsearch/config/
chown -R 1000:0 /usr/share/elasticsearch/config /tandem/data /tandem/run /tandem/logs
exec setpriv --reuid=1000 --regid=0 --clear-groups /usr/share/elasticsearch/bin/elasticsearch
