/**
 * Idempotent writes, one implementation for every provider: the canonical {@link
 * dev.tandem.platform.idempotency.Fingerprint} of a request, the {@link
 * dev.tandem.platform.idempotency.IdempotencyScope} a key belongs to, the rules ({@link
 * dev.tandem.platform.idempotency.IdempotentWrites}, which documents the contract and its failure
 * cases), and the purge of expired keys. A service supplies the {@link
 * dev.tandem.platform.idempotency.IdempotencyStore} that fits its databases.
 */
package dev.tandem.platform.idempotency;
