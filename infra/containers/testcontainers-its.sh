#!/usr/bin/env bash
# member-service's and promotion-service's integration tests on Testcontainers, as on a machine with
# a Docker engine and no ./tandem cluster, proven here (root, Debian, no registry): podman's API in
# its namespace, the offline images, the compose configs rendered, then `./mvnw verify` of those ITs
# inside the namespace, where the containers' addresses are routable. TandemEnvironment starts
# docker-compose.yml's middleware as containers once per test JVM. Every step prints its time; the
# engine is stopped at the end. Run it with no native cluster of the same TANDEM_CLUSTER up (the ITs
# would use that cluster instead).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# ./mvnw below runs with the JDK ./tandem chooses, not the machine's default (17 on Debian 12)
JAVA_HOME=$(./tandem jdk)
export JAVA_HOME

run() {
  local began
  # A native cluster of this name would be found first, and the ITs would never see a container.
  if ./tandem env >/dev/null 2>&1; then
    echo "tandem: cluster '${TANDEM_CLUSTER:-tandem}' is up; stop it (./tandem down) to test on containers" >&2
    return 1
  fi
  began=$(date +%s)
  ./tandem containers up >/dev/null || return 1
  echo "== testcontainers: container engine up in $(($(date +%s) - began)) s"
  # shellcheck disable=SC2046 # KEY=value words
  export $(./tandem containers env)
  ./tandem images || return 1
  began=$(date +%s)
  ./tandem compose render || return 1
  echo "== testcontainers: configs rendered (and jars built) in $(($(date +%s) - began)) s"
  began=$(date +%s)
  # Ryuk's image cannot be had here: Testcontainers removes the containers from a JVM shutdown hook.
  # This machine has a /.dockerenv, which would make Testcontainers look for the engine's host
  # elsewhere than here.
  TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_HOST_OVERRIDE=localhost TANDEM_IMAGES=offline \
    nsenter --net="/run/netns/$TANDEM_CONTAINER_NETNS" ./mvnw -B -o verify \
    -pl member-service,promotion-service -am -Dspotless.check.skip=true \
    -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
    '-Dit.test=dev/tandem/member/**/*IT, dev/tandem/promotion/**/*IT' \
    -Dfailsafe.failIfNoSpecifiedTests=false || return 1
  echo "== testcontainers: member-service and promotion-service ITs in $(($(date +%s) - began)) s"
}

started=$(date +%s)
status=0
run || status=$?
if [ -n "${DOCKER_HOST:-}" ] && [ "$status" -ne 0 ]; then
  docker ps -a 2>/dev/null || true
fi
./tandem containers down || true
echo "== testcontainers: all took $(($(date +%s) - started)) s, status $status"
exit "$status"
