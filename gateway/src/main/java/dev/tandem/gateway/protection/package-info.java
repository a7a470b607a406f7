/**
 * Sentinel's flow control on the gateway's routes and API groups: per route, per client address and
 * per member, with rules live from ZooKeeper ({@code dev.tandem.platform.protection}) and versioned
 * defaults in {@code infra/sentinel/gateway.json}. Shed requests answer 429 problem+json.
 */
package dev.tandem.gateway.protection;
