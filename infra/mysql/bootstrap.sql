-- MariaDB bootstrap of {{name}}. Rendered by the launcher (MySql.java) and run once, before the
-- first start, through mariadb-install-db --extra-file. Not binlogged, and the same on every server
-- of a shard, so they all start with the same empty GTID state (no errant transactions).
SET SESSION sql_log_bin = 0;
-- mariadb-install-db runs this file with --bootstrap --skip-grant-tables;
-- CREATE USER fails with error 1290 until the grant tables are loaded:
FLUSH PRIVILEGES;

-- Replication (replica IO thread connects to the primary's host address).
CREATE USER IF NOT EXISTS 'tandem_repl'@'{{client_hosts}}' IDENTIFIED BY '{{repl_password}}';
GRANT REPLICATION SLAVE, REPLICATION SLAVE ADMIN, BINLOG MONITOR ON *.* TO 'tandem_repl'@'{{client_hosts}}';

-- Health checks / readiness (keepalived check over the socket; Java over TCP).
CREATE USER IF NOT EXISTS 'tandem_monitor'@'localhost' IDENTIFIED BY '{{monitor_password}}';
CREATE USER IF NOT EXISTS 'tandem_monitor'@'{{client_hosts}}' IDENTIFIED BY '{{monitor_password}}';
GRANT SLAVE MONITOR, BINLOG MONITOR, PROCESS ON *.* TO 'tandem_monitor'@'localhost';
GRANT SLAVE MONITOR, BINLOG MONITOR, PROCESS ON *.* TO 'tandem_monitor'@'{{client_hosts}}';

-- Administration: promotion (notify_master), role setup (start step), fencing
-- the peer. Local socket and the private subnet only.
CREATE USER IF NOT EXISTS 'tandem_admin'@'localhost' IDENTIFIED BY '{{admin_password}}';
CREATE USER IF NOT EXISTS 'tandem_admin'@'{{client_hosts}}' IDENTIFIED BY '{{admin_password}}';
GRANT ALL PRIVILEGES ON *.* TO 'tandem_admin'@'localhost' WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON *.* TO 'tandem_admin'@'{{client_hosts}}' WITH GRANT OPTION;

-- Application user: rows of the service schemas only (SELECT, INSERT, UPDATE,
-- DELETE; no DDL, no SUPER / READ ONLY ADMIN, so read_only=ON really blocks it
-- on a replica). Migration user: owns the schemas' structure; the services
-- use it for Flyway alone.
CREATE USER IF NOT EXISTS 'tandem'@'{{client_hosts}}' IDENTIFIED BY '{{app_password}}';
CREATE USER IF NOT EXISTS 'tandem'@'localhost' IDENTIFIED BY '{{app_password}}';
CREATE USER IF NOT EXISTS 'tandem_migrate'@'{{client_hosts}}' IDENTIFIED BY '{{migrate_password}}';
CREATE USER IF NOT EXISTS 'tandem_migrate'@'localhost' IDENTIFIED BY '{{migrate_password}}';
{{#each schema in schemas}}
CREATE DATABASE IF NOT EXISTS `{{schema.name}}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
GRANT SELECT, INSERT, UPDATE, DELETE ON `{{schema.name}}`.* TO 'tandem'@'{{client_hosts}}';
GRANT SELECT, INSERT, UPDATE, DELETE ON `{{schema.name}}`.* TO 'tandem'@'localhost';
GRANT ALL ON `{{schema.name}}`.* TO 'tandem_migrate'@'{{client_hosts}}';
GRANT ALL ON `{{schema.name}}`.* TO 'tandem_migrate'@'localhost';

{{/each}}
FLUSH PRIVILEGES;
