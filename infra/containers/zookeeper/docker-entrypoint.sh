#!/bin/bash
# What the official image's entrypoint does that docker-compose.yml relies on: the server's id.
set -euo pipefail
if [ -n "${ZOO_DATA_DIR:-}" ] && [ ! -f "$ZOO_DATA_DIR/myid" ]; then
  mkdir -p "$ZOO_DATA_DIR"
  echo "${ZOO_MY_ID:-1}" >"$ZOO_DATA_DIR/myid"
fi
exec "$@"
