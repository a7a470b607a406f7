-- MariaDB bootstrap of {{name}}. Rendered by the launcher (MySql.java) and run once, before the
-- first start, through mariadb-install-db --extra-file. Not binlogged, and the same on every server
-- of a shard, so they all start with the same empty GTID state (no errant transactions).
SET SESSION sql_log_bin = 0;
-- mariadb-install-db runs this file with --bootstrap --skip-grant-tables;
-- CREATE USER fails with error 1290 until the grant tables are loaded:
FLUSH PRIVILEGES;

-- Replication (replica IO thread connects to the primary's host address).
CREATE USER IF NOT EXISTS '{{repl_user}}'@'{{client_hosts}}' IDENTIFIED BY '{{repl_password}}';
GRANT REPLICATION SLAVE, REPLICATION SLAVE ADMIN, BINLOG MONITOR ON *.* TO '{{repl_user}}'@'{{client_hosts}}';

-- Health checks / readiness (keepalived check over the socket; Java over TCP).
CREATE USER IF NOT EXISTS '{{monitor_user}}'@'localhost' IDENTIFIED BY '{{monitor_password}}';
CREATE USER IF NOT EXISTS '{{monitor_user}}'@'{{client_hosts}}' IDENTIFIED BY '{{monitor_password}}';
GRANT SLAVE MONITOR, BINLOG MONITOR, PROCESS ON *.* TO '{{monitor_user}}'@'localhost';
GRANT SLAVE MONITOR, BINLOG MONITOR, PROCESS ON *.* TO '{{monitor_user}}'@'{{client_hosts}}';

-- Administration: promotion (notify_master), role setup (start step), fencing
-- the peer. Local socket and the private subnet only.
CREATE USER IF NOT EXISTS '{{admin_user}}'@'localhost' IDENTIFIED BY '{{admin_password}}';
CREATE USER IF NOT EXISTS '{{admin_user}}'@'{{client_hosts}}' IDENTIFIED BY '{{admin_password}}';
GRANT ALL PRIVILEGES ON *.* TO '{{admin_user}}'@'localhost' WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON *.* TO '{{admin_user}}'@'{{client_hosts}}' WITH GRANT OPTION;

-- Application user: rows of the service schemas only (SELECT, INSERT, UPDATE,
-- DELETE; no DDL, no SUPER / READ ONLY ADMIN, so read_only=ON really blocks it
-- on a replica). Migration user: owns the schemas' structure; the services
-- use it for Flyway alone.
CREATE USER IF NOT EXISTS '{{app_user}}'@'{{client_hosts}}' IDENTIFIED BY '{{app_password}}';
CREATE USER IF NOT EXISTS '{{app_user}}'@'localhost' IDENTIFIED BY '{{app_password}}';
CREATE USER IF NOT EXISTS '{{migrate_user}}'@'{{client_hosts}}' IDENTIFIED BY '{{migrate_password}}';
CREATE USER IF NOT EXISTS '{{migrate_user}}'@'localhost' IDENTIFIED BY '{{migrate_password}}';
{{#each schema in schemas}}
CREATE DATABASE IF NOT EXISTS `{{schema.name}}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
GRANT SELECT, INSERT, UPDATE, DELETE ON `{{schema.name}}`.* TO '{{app_user}}'@'{{client_hosts}}';
GRANT SELECT, INSERT, UPDATE, DELETE ON `{{schema.name}}`.* TO '{{app_user}}'@'localhost';
GRANT ALL ON `{{schema.name}}`.* TO '{{migrate_user}}'@'{{client_hosts}}';
GRANT ALL ON `{{schema.name}}`.* TO '{{migrate_user}}'@'localhost';

{{/each}}
FLUSH PRIVILEGES;
