#!/usr/bin/env bash
# ./tandem images: Tandem's container images, built offline from Debian packages (mmdebstrap, every
# package installed at root-filesystem time, so nothing is fetched while an image builds), the JDK on
# this machine and the Maven artifacts the native cluster runs. Names: localhost/tandem/NAME:TAG.
# An image whose inputs did not change is kept (label tandem.inputs).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
# shellcheck disable=SC2046 # KEY=value words
export $(infra/containers/runtime.sh settings)
tag=${TANDEM_IMAGE_TAG:-offline}
suite=bookworm
mirror=${TANDEM_DEBIAN_MIRROR:-http://deb.debian.org/debian}
jdk=${JAVA_HOME:?JAVA_HOME names the JDK whose jlink makes the runtime}
products=infra/products/target
cache=.tandem/images
mkdir -p "$cache"

SERVICES=(gateway site-service member-service promotion-service)

phase() {
  local name=$1 began
  shift
  began=$(date +%s)
  "$@"
  echo "== images: $name took $(($(date +%s) - began)) s"
}

# A short hash of strings and of files (path, size, time): what an image was built from.
fingerprint() {
  local item
  for item in "$@"; do
    if [ -e "$item" ]; then
      find "$item" -type f -printf '%p %s %T@\n' | sort
    else
      printf '%s\n' "$item"
    fi
  done | sha256sum | cut -c1-16
}

current() {
  podman image inspect --format '{{index .Labels "tandem.inputs"}}' "$1" 2>/dev/null || true
}

# A Debian root filesystem with PACKAGES, imported as an image. Then any of: hook:COMMAND (an
# mmdebstrap customize hook, $1 the root), input:PATH (the image is rebuilt when it changes), and
# podman-import --change instructions.
debian_image() {
  local name=$1 packages=$2 image="localhost/tandem/$1:$tag" key arg inputs=()
  shift 2
  for arg in "$@"; do
    inputs+=("${arg#input:}")
  done
  key=$(fingerprint "$suite" "$mirror" "$packages" "${inputs[@]}")
  if [ "$(current "$image")" = "$key" ]; then
    echo "$image is up to date"
    return 0
  fi
  local hooks=() changes=(--change "LABEL tandem.inputs=$key")
  while [ $# -gt 0 ]; do
    case "$1" in
      hook:*) hooks+=("--customize-hook=${1#hook:}") ;;
      input:*) ;;
      *) changes+=(--change "$1") ;;
    esac
    shift
  done
  echo "building $image (Debian $suite: $packages)"
  # shellcheck disable=SC2016 # $1 is the hook's root directory, expanded by mmdebstrap
  mmdebstrap --variant=minbase --quiet --include="$packages" \
    --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*.bin' "${hooks[@]}" \
    "$suite" - "$mirror" | podman import --quiet "${changes[@]}" - "$image" >/dev/null
}

# One runtime for the services and the Java middleware: every module, without debug data.
jre="$cache/jre-$(fingerprint "$jdk/release" "$jdk/lib/modules")"

base() {
  local modules
  if [ ! -d "$jre" ]; then
    # every module but jlink's and jpackage's (a JDK without jmods links from its run-time image, JEP 493)
    modules=$("$jdk/bin/java" --list-modules | sed 's/@.*//' | grep -vxE 'jdk.jlink|jdk.jpackage' | paste -sd, -)
    rm -rf "$jre.partial"
    "$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
      --compress=zip-6 --output "$jre.partial"
    mv "$jre.partial" "$jre"
  fi
  debian_image base ca-certificates,bash,procps \
    "hook:cp -a $root/$jre \"\$1/opt/java\"" \
    "ENV JAVA_HOME=/opt/java" \
    "ENV PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    "ENV LANG=C.UTF-8"
}

# podman build of FILE into localhost/tandem/NAME, unless its inputs are unchanged.
build() {
  local name=$1 file=$2 image="localhost/tandem/$1:$tag" key
  shift 2
  local inputs=() args=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --build-arg) args+=("$1" "$2") inputs+=("$2"); shift 2 ;;
      *) inputs+=("$1"); shift ;;
    esac
  done
  key=$(fingerprint "$file" "$(current "localhost/tandem/base:$tag")" "${inputs[@]}")
  if [ "$(current "$image")" = "$key" ]; then
    echo "$image is up to date"
    return 0
  fi
  echo "building $image"
  # --format docker keeps HEALTHCHECK; --network none: nothing is fetched
  podman build --quiet --network=none --pull=never --format docker --layers \
    --build-arg "BASE=localhost/tandem/base:$tag" "${args[@]}" --label "tandem.inputs=$key" \
    -f "$file" -t "$image" . >/dev/null
}

services() {
  local module
  for module in "${SERVICES[@]}"; do
    [ -f "$module/target/$module.jar" ] || { echo "tandem: $module/target/$module.jar is missing" >&2; exit 1; }
    build "$module" infra/containers/service/Containerfile --build-arg "MODULE=$module" "$module/target/$module.jar"
  done
}

# The Java middleware on the base image (podman builds, local inputs only), and the access layer.
registry_queue_and_access() {
  build zookeeper infra/containers/zookeeper/Containerfile "$products/zookeeper" infra/containers/zookeeper
  build kafka infra/containers/kafka/Containerfile "$products/kafka" infra/containers/kafka
  debian_image nginx nginx "CMD [\"nginx\", \"-g\", \"daemon off;\"]"
  debian_image keepalived keepalived,curl,iproute2,procps "CMD [\"keepalived\", \"-n\", \"-l\", \"-P\"]"
}

search_and_cache() {
  # iproute2: ha's nodes take loopback twins of their addresses (infra/containers/elasticsearch).
  # Elasticsearch 8.19 needs modules a runtime linked from Temurin 25 cannot hold (jdk.jlink, for
  # its entitlements): it runs on Debian's Java 17, as natively.
  debian_image elasticsearch openjdk-17-jre-headless,bash,procps,iproute2 "input:$es" \
    "hook:cp -a $root/$es \"\$1/usr/share/elasticsearch\" && chown -R 1000:1000 \"\$1/usr/share/elasticsearch\"" \
    "ENV ES_JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64" "USER 1000:1000" "WORKDIR /usr/share/elasticsearch" \
    "CMD [\"/usr/share/elasticsearch/bin/elasticsearch\"]"
  debian_image redis redis-server,redis-sentinel,redis-tools "CMD [\"redis-server\"]"
}

database() {
  # A MySQL host of ha runs its server, guard (Java, the launcher's jars) and keepalived under
  # supervisord (infra/containers/mysql/Containerfile says why); lite runs the server alone.
  debian_image mariadb mariadb-server,mariadb-client,supervisor,keepalived,iproute2,procps \
    "input:$jre" "input:$guard/lib" "input:$(find "$guard" -maxdepth 1 -name 'tandem-launcher-*.jar')" \
    "hook:cp -a $root/$jre \"\$1/opt/java\" && mkdir -p \"\$1/opt/tandem/guard\" && cp $root/$guard/tandem-launcher-*.jar $root/$guard/lib/*.jar \"\$1/opt/tandem/guard/\"" \
    "ENV JAVA_HOME=/opt/java" \
    "ENV PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    "CMD [\"mariadbd\"]"
}

# Runs each lane (a function) in the background, its output in a file, and waits for all; prints
# every lane's output, and fails when one did. Each Debian image spends most of its time fetching
# packages and in dpkg, one core at most: side by side the service and middleware images took
# 266 s instead of 343 s one after another (a clean clone, 2 cores).
lanes() {
  local lane pids=() failed=0 i=0
  for lane in "$@"; do
    phase "$lane" "$lane" >"$cache/lane-$lane.log" 2>&1 &
    pids+=("$!")
  done
  for lane in "$@"; do
    wait "${pids[$i]}" || failed=1
    cat "$cache/lane-$lane.log"
    i=$((i + 1))
  done
  return "$failed"
}

es=$(find "$products/elasticsearch" -mindepth 1 -maxdepth 1 -type d -name 'elasticsearch-*' 2>/dev/null | head -1)
[ -n "$es" ] || { echo "tandem: no Elasticsearch under $products; run ./tandem up once or ./mvnw -f infra/products/pom.xml package" >&2; exit 1; }
guard=infra/launcher/target
[ -d "$guard/lib" ] || { echo "tandem: $guard/lib is missing; run ./tandem compose render once" >&2; exit 1; }

started=$(date +%s)
phase "base image" base
lanes services registry_queue_and_access search_and_cache database
echo "== images: all took $(($(date +%s) - started)) s"
# the services' build stages, no longer needed
podman image prune --force >/dev/null
podman images --filter reference='localhost/tandem/*' --format '{{.Repository}}:{{.Tag}} {{.Size}}'
