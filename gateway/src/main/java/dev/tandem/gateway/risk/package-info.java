/**
 * Risk control at the gateway: the operators' block list (ZooKeeper, watched live) and limits on
 * claims and registrations per member, per client address and per promotion, counted in Redis so
 * that they hold for the cluster, not for each instance. Redis trouble lets requests through
 * unchecked (fail open, {@link dev.tandem.gateway.risk.SharedCounters}); every refusal is counted.
 */
package dev.tandem.gateway.risk;
