#!/usr/bin/env bash
# The ha compose profile on podman, by hand (CI runs lite only: ha's 31 containers take minutes on
# two cores): offline images, ha up to healthy, then under a bounded load through the lb VIP
#   1. the Redis master's container killed: Sentinel promotes a replica;
#   2. shard 0's MySQL primary's container killed: the replica's guard takes the leader key and
#      promotes it, keepalived moves the shard's VIP.
# Prints the figures (time to healthy, failover times, requests failed) and takes ha down.
#   sudo infra/containers/compose-ha-failover.sh
# KEEP=1 leaves the cluster up afterwards; FAULTS="redis" or "mysql" injects one of the two.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
JAVA_HOME=$(./tandem jdk)
export JAVA_HOME

LOAD_SECONDS=${LOAD_SECONDS:-60}
FAULT_AT_SECONDS=${FAULT_AT_SECONDS:-10}
FAULTS=${FAULTS:-redis mysql}
out=.tandem/compose/ha-failover
files=(-f docker-compose.yml -f docker-compose.offline.yml)
export TANDEM_PROFILE=ha COMPOSE_PROFILES=ha

now_ms() { date +%s%3N; }

./tandem containers up >/dev/null
# shellcheck disable=SC2046 # KEY=value words
export $(./tandem containers env)
netns=/run/netns/$TANDEM_CONTAINER_NETNS
# the compose network exists only in the engine's namespace: every probe runs there
in_ns() { nsenter --net="$netns" "$@"; }

began=$(date +%s)
./tandem images >/dev/null
echo "== ha: offline images ready in $(($(date +%s) - began)) s"
./tandem compose render ha
mkdir -p "$out"

vip=$(sed -n 's/^ *virtual_ipaddress.*//;s/^ *\(10\.[0-9.]*\)\/[0-9]* dev.*/\1/p' \
  .tandem/compose/ha/hosts/lb-1/keepalived-1/keepalived-lb.conf | head -1)
entry="http://$vip"
sentinel_password=$(sed -n 's/^requirepass //p' .tandem/compose/ha/hosts/sentinel-1/sentinel-1/sentinel.conf)

# --- up to healthy: every container of the profile healthy, then the entry point through the VIP ---
began=$(now_ms)
docker-compose "${files[@]}" up -d --no-build
wanted=$(docker-compose "${files[@]}" config --services | wc -l)
healthy=0
for _ in $(seq 1 450); do
  healthy=$(docker-compose "${files[@]}" ps | grep -c '(healthy)' || true)
  [ "$healthy" -ge "$wanted" ] && break
  sleep 2
done
[ "$healthy" -ge "$wanted" ] || {
  docker-compose "${files[@]}" ps
  echo "ha: only $healthy of $wanted containers became healthy within 900 s" >&2
  exit 1
}
for _ in $(seq 1 60); do
  in_ns curl -fsS -m 2 -o /dev/null "$entry/nginx-health" && break
  sleep 1
done
echo "== ha: $wanted containers healthy, entry point $entry answering, $(($(now_ms) - began)) ms after up"

# --- a member to read, and the load: a home page read and a registration (a write) per round ---
run=$(date +%s)
password="pw-$run-$RANDOM-ha"
register() { # EMAIL KEY: prints the HTTP status; the body goes to $out/last.json
  in_ns curl -sS -m 5 -o "$out/last.json" -w '%{http_code}' -X POST "$entry/api/members" \
    -H 'Content-Type: application/json' -H "Idempotency-Key: $2" \
    -d "{\"name\":\"Dana Reader\",\"email\":\"$1\",\"phone\":\"+49 30 1234567\",\"password\":\"$password\"}" ||
    true
}
[ "$(register "reader-$run@example.org" "reader-$run")" = 201 ] || {
  cat "$out/last.json"
  exit 1
}
member=$(sed -n 's/.*"id":"\([0-9]*\)".*/\1/p' "$out/last.json")
token=$(in_ns curl -fsS -m 5 -X POST "$entry/api/sessions" -H 'Content-Type: application/json' \
  -d "{\"email\":\"reader-$run@example.org\",\"password\":\"$password\"}" |
  sed -n 's/.*"accessToken":"\([^"]*\)".*/\1/p')

# load FILE: LOAD_SECONDS of rounds, at most 2000; one line per request: ms since start, kind, status
load() {
  local file=$1 start round=0 t code
  start=$(now_ms)
  : >"$file"
  while [ $(($(now_ms) - start)) -lt $((LOAD_SECONDS * 1000)) ] && [ "$round" -lt 2000 ]; do
    round=$((round + 1))
    t=$(($(now_ms) - start))
    code=$(in_ns curl -sS -m 5 -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" \
      "$entry/api/members/$member/home" || true)
    echo "$t read $code" >>"$file"
    t=$(($(now_ms) - start))
    code=$(register "load-$run-$round-$file@example.org" "load-$run-$round-${file##*/}")
    echo "$t write $code" >>"$file"
  done
}

# summary FILE FAULT_MS: requests and failures per kind, and when each kind last failed after the fault
summary() {
  awk -v fault="$2" '
    { n[$2]++; if ($3 !~ /^2/) { bad[$2]++; codes[$2] = codes[$2] " " $3; if ($1 >= fault) last[$2] = $1 } }
    END {
      for (k in n) {
        printf "   %-5s %4d requests, %3d failed%s", k, n[k], bad[k], (bad[k] ? " (" substr(codes[k], 2, 60) ")" : "")
        if (k in last) printf "; last failure %d ms after the fault", last[k] - fault
        printf "\n"
      }
    }' "$1"
}

docker-compose "${files[@]}" config >"$out/config.yml"
name_of() { # ADDRESS: the container at that address
  awk -v a="$1" '/^  [a-z0-9-]+:$/ { s = $1 } $0 ~ "ipv4_address: " a "$" { sub(":", "", s); print s }' "$out/config.yml"
}
address_of() { # NAME: its address
  awk -v s="  $1:" '$0 == s { f = 1 } f && /ipv4_address/ { print $2; exit }' "$out/config.yml"
}

# --- 1. the Redis master ---
# The load into FILE in the background (its PID in loader), then, after the warm-up, CONTAINER
# killed (the moment in killed).
fault() {
  load "$1" &
  loader=$!
  sleep "$FAULT_AT_SECONDS"
  killed=$(now_ms)
  docker-compose "${files[@]}" kill "$2" >/dev/null 2>&1
}

if [[ " $FAULTS " == *" redis "* ]]; then
master=$(in_ns redis-cli -h 10.247.0.36 -p 26379 --no-auth-warning -a "$sentinel_password" \
  SENTINEL get-master-addr-by-name tandem | head -1)
victim=$(name_of "$master")
fault "$out/redis.load" "$victim"
promoted=""
for _ in $(seq 1 300); do
  current=$(in_ns redis-cli -h 10.247.0.37 -p 26379 --no-auth-warning -a "$sentinel_password" \
    SENTINEL get-master-addr-by-name tandem 2>/dev/null | head -1 || true)
  if [ -n "$current" ] && [ "$current" != "$master" ]; then
    promoted=$(now_ms)
    break
  fi
  sleep 0.1
done
wait "$loader"
echo "== ha: Redis master $victim ($master) killed; Sentinel promoted $(name_of "$current") ($current)" \
  "${promoted:+$((promoted - killed)) ms after the kill}"
summary "$out/redis.load" $((FAULT_AT_SECONDS * 1000))
fi

# --- 2. shard 0's MySQL primary ---
if [[ " $FAULTS " == *" mysql "* ]]; then
writer=""
for server in mysql-0-1 mysql-0-2; do
  address=$(address_of "$server")
  if in_ns curl -fsS -m 2 "http://$address:8008/state" | grep -Eq '"keyMine": *true'; then
    writer=$server writer_address=$address
  else
    peer=$server peer_address=$address
  fi
done
[ -n "$writer" ] || { echo "ha: no guard of shard 0 holds its key" >&2; exit 1; }
fault "$out/mysql.load" "$writer"
promoted=""
for _ in $(seq 1 600); do
  if in_ns curl -fsS -m 1 "http://$peer_address:8008/state" 2>/dev/null | grep -Eq '"keyMine": *true'; then
    promoted=$(now_ms)
    break
  fi
  sleep 0.1
done
wait "$loader"
echo "== ha: MySQL shard 0 primary $writer ($writer_address) killed; $peer's guard holds the key" \
  "${promoted:+$((promoted - killed)) ms after the kill}"
in_ns curl -fsS -m 2 "http://$peer_address:8008/state" || true
echo
summary "$out/mysql.load" $((FAULT_AT_SECONDS * 1000))
fi

if [ "${KEEP:-0}" != 1 ]; then
  began=$(date +%s)
  docker-compose "${files[@]}" down >/dev/null 2>&1 || true
  ./tandem containers down || true
  echo "== ha: down in $(($(date +%s) - began)) s"
fi
