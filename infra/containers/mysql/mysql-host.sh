#!/bin/bash
# The entry of a MySQL container: what `./tandem up` does before it starts a MySQL host.
#   mysql-host.sh PROFILE SERVER
# The server's data directory with the rendered bootstrap (users, passwords, schemas) on first
# start, its (empty) recovery settings, then: with a guard on the host (ha; its supervisord.conf
# is rendered beside the host's configs) supervisord runs the server, the guard and keepalived;
# without one (lite) mariadbd runs alone as PID 1.
set -euo pipefail
profile=$1 server=$2
data=/tandem/data/$profile/$server
mkdir -p "$data" "/tandem/run/$server" "/tandem/logs/$server"
printf '[mariadbd]\n' >"/tandem/run/$server/recovery.cnf"
chown -R mysql:mysql "$data" "/tandem/run/$server" "/tandem/logs/$server"
if [ ! -d "$data/mysql" ]; then
  mariadb-install-db --defaults-file="/tandem/conf/$server/my.cnf" --user=mysql \
    --auth-root-authentication-method=socket --skip-test-db \
    --extra-file="/tandem/conf/$server/bootstrap.sql" >/dev/null
fi
if [ ! -f /tandem/conf/supervisord.conf ]; then
  exec mariadbd --defaults-file="/tandem/conf/$server/my.cnf"
fi
for dir in /tandem/conf/*/; do
  name=$(basename "$dir")
  [ "$name" = "$server" ] && continue
  mkdir -p "/tandem/run/$name" "/tandem/logs/$name"
done
# Until its guard has looked, this host must not take the VIP (as natively).
for dir in /tandem/run/mysql-guard-*/; do
  [ -f "$dir/writer" ] || printf '1\n' >"$dir/writer"
done
# The guard finds supervisord's settings where the native cluster keeps them.
cp /tandem/conf/supervisord.conf /tandem/supervisord.conf
exec supervisord -n -c /tandem/supervisord.conf
