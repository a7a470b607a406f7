#!/usr/bin/env bash
# ./tandem containers up|down|env: a container engine for this machine without Docker.
# Podman's Docker-compatible API runs inside a network namespace of its own (TANDEM_CLUSTER_ctr,
# loopback only), so containers, their bridge and their published ports never touch the machine's
# network. Podman's settings live in .tandem/CLUSTER_ctr/, never in /etc.
# The "_": a native cluster's `down` removes (and kills in) every namespace named NAME-*; no cluster
# name holds "_", so none of them ever takes this one for its own.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cluster=${TANDEM_CLUSTER:-tandem}
[[ "$cluster" =~ ^[a-z][a-z0-9]{0,7}$ ]] || { echo "tandem: invalid TANDEM_CLUSTER '$cluster'" >&2; exit 2; }
netns="${cluster}_ctr"
state="$root/.tandem/${cluster}_ctr"
socket="$state/podman.sock"
pidfile="$state/podman.pid"

die() {
  printf 'tandem: %s\n' "$*" >&2
  exit 1
}

# Debian packages, by the command that shows each is there (iptables: netavark needs it).
declare -A PACKAGES=(
  [podman]=podman [buildah]=buildah [runc]=runc [conmon]=conmon [newuidmap]=uidmap
  [mmdebstrap]=mmdebstrap [docker-compose]=docker-compose [iptables]=iptables
  [catatonit]=catatonit [/usr/lib/podman/netavark]=netavark [/usr/lib/podman/aardvark-dns]=aardvark-dns
)

ensure_packages() {
  local cmd missing=()
  for cmd in "${!PACKAGES[@]}"; do
    command -v "$cmd" >/dev/null 2>&1 || PATH="$PATH:/usr/sbin:/sbin" command -v "$cmd" >/dev/null 2>&1 ||
      missing+=("${PACKAGES[$cmd]}")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null 2>&1 || die "install these packages, then run this again: ${missing[*]}"
  echo "installing Debian packages: ${missing[*]}" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
    die "apt-get could not install: ${missing[*]}"
}

# Settings measured on these machines (no systemd, hybrid cgroups, root cannot raise its limits).
write_settings() {
  mkdir -p "$state/storage" "$state/runroot" "$state/tmp"
  cat >"$state/containers.conf" <<CONF
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
log_driver = "k8s-file"
init_path = "$(command -v catatonit || echo /usr/bin/catatonit)"

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
tmp_dir = "$state/tmp"

[network]
network_backend = "netavark"
network_config_dir = "$state/networks"
CONF
  cat >"$state/storage.conf" <<CONF
[storage]
driver = "overlay"
graphroot = "$state/storage"
runroot = "$state/runroot"
CONF
}

# What a podman client needs to find this engine's images and containers.
export_settings() {
  export CONTAINERS_CONF="$state/containers.conf" CONTAINERS_STORAGE_CONF="$state/storage.conf"
}

# Podman schedules health checks with systemd timers; there is no systemd here, so without this a
# container stays "starting" and compose's `condition: service_healthy` never holds. It runs the
# checks itself: every 2 s for containers not yet healthy, every 30 s for healthy ones, for as long
# as the engine runs.
health_ticker() {
  local engine=$1 round=0 id status
  while kill -0 "$engine" 2>/dev/null; do
    for id in $(nsenter --net="/run/netns/$netns" podman ps -q --filter status=running 2>/dev/null); do
      status=$(podman inspect --format '{{.State.Health.Status}}' "$id" 2>/dev/null || true)
      case "$status" in
        "" | "<no value>") continue ;;
        healthy) [ $((round % 15)) -eq 0 ] || continue ;;
      esac
      nsenter --net="/run/netns/$netns" podman healthcheck run "$id" >/dev/null 2>&1 || true
    done
    round=$((round + 1))
    sleep 2
  done
}

running() {
  [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null
}

up() {
  ensure_packages
  write_settings
  export_settings
  if ! ip netns list | grep -qx "$netns\( (id: [0-9]*)\)\?"; then
    ip netns add "$netns"
  fi
  ip -n "$netns" link set lo up
  if ! running; then
    rm -f "$socket"
    # nsenter, not `ip netns exec`: that remounts /sys and hides the cgroup mounts podman needs.
    setsid nsenter --net="/run/netns/$netns" podman system service --time=0 "unix://$socket" \
      >>"$state/podman-service.log" 2>&1 </dev/null &
    echo $! >"$pidfile"
  fi
  if ! { [ -f "$state/health.pid" ] && kill -0 "$(cat "$state/health.pid")" 2>/dev/null; }; then
    setsid "$0" health-ticker "$(cat "$pidfile")" >>"$state/health.log" 2>&1 </dev/null &
    echo $! >"$state/health.pid"
  fi

  for _ in $(seq 1 100); do
    [ -S "$socket" ] && break
    running || die "podman system service stopped; see $state/podman-service.log"
    sleep 0.1
  done
  [ -S "$socket" ] || die "podman's socket did not appear within 10 s; see $state/podman-service.log"
  echo "container engine of cluster '$cluster' is up in namespace $netns (pid $(cat "$pidfile"))" >&2
  env_lines
}

env_lines() {
  echo "DOCKER_HOST=unix://$socket"
  # Podman (4.3, as root) keeps its address allocations in /run/containers/networks/ipam.db for
  # every engine on the machine, by network name: a compose project named after the cluster keeps
  # two engines' networks (same subnet, each in its own namespace) from refusing each other's
  # addresses ("requested ip address ... is already allocated").
  echo "COMPOSE_PROJECT_NAME=$cluster"
  echo "CONTAINERS_CONF=$state/containers.conf"
  echo "CONTAINERS_STORAGE_CONF=$state/storage.conf"
  echo "TANDEM_CONTAINER_NETNS=$netns"
}

down() {
  export_settings
  if [ -f "$state/containers.conf" ] && [ -e "/run/netns/$netns" ]; then
    # every container of this engine, then the networks compose made
    nsenter --net="/run/netns/$netns" podman rm --all --force --time 20 >/dev/null 2>&1 || true
    nsenter --net="/run/netns/$netns" podman network prune --force >/dev/null 2>&1 || true
  fi
  if running; then
    local pid
    pid=$(cat "$pidfile")
    kill -TERM "$pid"
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
  fi
  # the health ticker ends with the engine; make sure
  if [ -f "$state/health.pid" ] && kill -0 "$(cat "$state/health.pid")" 2>/dev/null; then
    kill -TERM "$(cat "$state/health.pid")"
  fi
  rm -f "$pidfile" "$socket" "$state/health.pid"
  if [ -e "/run/netns/$netns" ]; then
    ip netns del "$netns"
  fi
  echo "container engine of cluster '$cluster' is down (images kept in $state/storage)" >&2
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  env)
    running || { echo "tandem: the container engine of '$cluster' is not up; run ./tandem containers up" >&2; exit 3; }
    env_lines
    ;;
  health-ticker)
    export_settings
    health_ticker "$2"
    ;;
  settings)
    # for podman clients that need no engine (image builds): write and print the settings only
    write_settings
    env_lines | grep '^CONTAINERS_'
    ;;
  *)
    echo "usage: ./tandem containers up|down|env" >&2
    exit 2
    ;;
esac
