/**
 * Cross-cutting behaviour of the gateway, one filter per concern. Request ids live here today; flow
 * control (Sentinel's gateway adapter) and canary selection belong here too, each as its own {@code
 * GlobalFilter} or {@code WebFilter}, ordered relative to {@link
 * dev.tandem.gateway.filter.RequestIdFilter#ORDER} so that every later filter and every log line
 * can rely on the request id.
 *
 * <p>Authentication is the exception: it is Spring Security's own {@code WebFilter} chain (order
 * -100), configured in {@code dev.tandem.gateway.security}. It runs after {@link
 * dev.tandem.gateway.filter.NormalPaths}, so its rules only ever see a path in normal form, the one
 * the route is chosen by.
 */
package dev.tandem.gateway.filter;
