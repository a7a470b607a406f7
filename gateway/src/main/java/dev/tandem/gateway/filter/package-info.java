/**
 * Cross-cutting behaviour of the gateway, one filter per concern. Request ids live here today; flow
 * control (Sentinel's gateway adapter), authentication of writes and canary selection belong here
 * too, each as its own {@code GlobalFilter} or {@code WebFilter}, ordered relative to {@link
 * dev.tandem.gateway.filter.RequestIdFilter#ORDER} so that every later filter and every log line
 * can rely on the request id.
 */
package dev.tandem.gateway.filter;
