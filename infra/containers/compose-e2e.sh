#!/usr/bin/env bash
# The compose cluster proven on this machine, as .ci/run runs it (root, Debian, no registry):
# podman in its namespace, the offline images, docker-compose lite, the e2e journeys through
# nginx's published port, down. Every step prints its time; the engine is stopped at the end.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# ./mvnw below runs with the JDK ./tandem chooses, not the machine's default (17 on Debian 12)
JAVA_HOME=$(./tandem jdk)
export JAVA_HOME

run() {
  local began netns ok=0
  began=$(date +%s)
  ./tandem containers up >/dev/null || return 1
  echo "== compose: container engine up (podman installed if missing) in $(($(date +%s) - began)) s"
  # shellcheck disable=SC2046 # KEY=value words
  export $(./tandem containers env)
  netns=$TANDEM_CONTAINER_NETNS
  ./tandem images || return 1
  validate || return 1
  began=$(date +%s)
  ./tandem compose render || return 1
  # the Nacos variant cannot run here (no image registry): it is validated, not started
  COMPOSE_PROFILES=lite,nacos docker-compose -f docker-compose.yml -f docker-compose.nacos.yml config -q ||
    return 1
  # Bounded: docker-compose waits for each dependency's health check without a limit of its own,
  # and a container that never turns healthy (a service hung at start) would hold CI to its limit.
  timeout 600 docker-compose up -d --no-build --quiet-pull || {
    echo "compose up did not finish within 600 s (or failed); the containers' states follow"
    return 1
  }
  # every dependency healthy before its dependants started; nginx last
  for _ in $(seq 1 150); do
    if nsenter --net="/run/netns/$netns" curl -fsS -m 2 -o /dev/null http://127.0.0.1:8080/nginx-health; then
      ok=1
      break
    fi
    sleep 2
  done
  [ "$ok" = 1 ] || { echo "the compose cluster did not answer at its entry point"; return 1; }
  echo "== compose: lite up to healthy in $(($(date +%s) - began)) s"
  began=$(date +%s)
  # Every journey (infra/e2e's *IT) through nginx's published port, run in the engine's namespace.
  # Those that stop a service or read its log do it with `./tandem compose stop|start|logs|status`
  # (TANDEM_RUNTIME=compose says so), on the same containers, through the same files (COMPOSE_FILE).
  # shellcheck disable=SC2046 # KEY=value words
  env $(./tandem compose env) nsenter --net="/run/netns/$netns" ./mvnw -B -o verify -pl infra/e2e -am \
    -Dspotless.check.skip=true -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
    -Dit.test='dev/tandem/e2e/**/*IT' -Dfailsafe.failIfNoSpecifiedTests=false || return 1
  echo "== compose: e2e journeys in $(($(date +%s) - began)) s"
}

# Both profiles, with the official images and with the offline ones, are valid compose files (ha is
# not run here: see infra/containers/compose-ha-failover.sh).
validate() {
  local profile file began
  began=$(date +%s)
  # env_file needs the rendered configs of every profile: one render writes them all
  ./tandem compose render 2>/dev/null || return 1
  for profile in lite ha; do
    for file in "" docker-compose.offline.yml; do
      TANDEM_PROFILE=$profile COMPOSE_PROFILES=$profile docker-compose -f docker-compose.yml ${file:+-f "$file"} config -q ||
        { echo "docker-compose.yml${file:+ + $file} is not valid with profile $profile"; return 1; }
    done
  done
  echo "== compose: config of lite and ha, official and offline images, valid in $(($(date +%s) - began)) s"
}

# every compose command here and in ./tandem compose reads these files
export COMPOSE_FILE=docker-compose.yml:docker-compose.offline.yml
started=$(date +%s)
status=0
run || status=$?
if [ -n "${DOCKER_HOST:-}" ]; then
  [ "$status" -eq 0 ] || docker-compose ps || true
  began=$(date +%s)
  docker-compose down || true
  echo "== compose: down in $(($(date +%s) - began)) s"
fi
./tandem containers down || true
echo "== compose: all took $(($(date +%s) - started)) s, status $status"
exit "$status"
