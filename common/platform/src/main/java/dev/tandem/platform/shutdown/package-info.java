/**
 * The graceful shutdown every Tandem service runs on SIGTERM, in this order:
 *
 * <ol>
 *   <li><b>Leave.</b> Readiness goes to {@code REFUSING_TRAFFIC}, and the instance leaves every
 *       registry it is in: Dubbo providers unregister their services ({@link DubboRegistryExit}),
 *       Spring Cloud registrations deregister ({@link DiscoveryRegistryExit}).
 *   <li><b>Wait</b> {@code tandem.shutdown.quiet-period} (default 5 s) while still serving, until
 *       consumers have stopped sending: a registry push takes well under a second, and so does the
 *       gateway's watch on ZooKeeper (with Nacos its instance cache lives 2 s), Kubernetes takes a
 *       few seconds to drop an endpoint.
 *   <li><b>Drain</b> in-flight HTTP requests (Spring Boot's graceful web server shutdown, bounded
 *       by {@code spring.lifecycle.timeout-per-shutdown-phase}, 20 s), then in-flight Dubbo
 *       invocations ({@link DubboShutdown}, bounded by {@code dubbo.application.shutwait}, 15 s):
 *       Dubbo closes only after HTTP has drained, because a draining HTTP request may still call a
 *       provider.
 *   <li><b>Close</b> Kafka listener containers, committing what they processed ({@link
 *       KafkaListenersStopLate}), then Redisson, ZooKeeper clients and data sources, which Spring
 *       destroys after every lifecycle has stopped.
 * </ol>
 *
 * <p>Those three numbers are the only shutdown timeouts; {@code ./tandem} gives a service 45 s
 * after SIGTERM before it kills it, more than their sum in any realistic drain.
 */
package dev.tandem.platform.shutdown;
