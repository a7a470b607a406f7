/**
 * Traffic protection every service shares: Sentinel's rules read live from the config centre
 * (ZooKeeper, one node per application and rule kind), and every request Sentinel blocks counted in
 * the service's metrics. The rules themselves (what is limited, where) belong to each service and
 * to the versioned defaults in {@code infra/sentinel/}.
 */
package dev.tandem.platform.protection;
