/**
 * Cross-cutting behaviour of the gateway, one filter per concern: request ids, normal paths, the
 * member a request acts as ({@link dev.tandem.gateway.filter.MemberHeader}), risk control ({@link
 * dev.tandem.gateway.filter.RiskControlFilter}); canary selection belongs here too. Sentinel's own
 * global filter is configured in {@code dev.tandem.gateway.protection}. Each is ordered relative to
 * {@link dev.tandem.gateway.filter.RequestIdFilter#ORDER} so that every later filter and every log
 * line can rely on the request id.
 *
 * <p>Authentication is the exception: it is Spring Security's own {@code WebFilter} chain (order
 * -100), configured in {@code dev.tandem.gateway.security}. It runs after {@link
 * dev.tandem.gateway.filter.NormalPaths}, so its rules only ever see a path in normal form, the one
 * the route is chosen by.
 */
package dev.tandem.gateway.filter;
