package dev.tandem.gateway.risk;

import dev.tandem.gateway.risk.RiskSettings.Limit;

/**
 * One counter a request is counted in: its Redis key, its limit, and the attempt it counts (the
 * request's {@code Idempotency-Key}, so that retries of one write count once; blank: every request
 * counts). {@code reason} names the limit in metrics and logs.
 */
record Limited(String reason, String key, Limit limit, String attempt) {}
