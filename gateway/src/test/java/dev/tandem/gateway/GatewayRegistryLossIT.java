package dev.tandem.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tandem.platform.testing.CuttableLink;
import dev.tandem.platform.testing.TandemEnvironment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.x.discovery.ServiceDiscovery;
import org.apache.curator.x.discovery.ServiceDiscoveryBuilder;
import org.apache.curator.x.discovery.ServiceInstance;
import org.apache.curator.x.discovery.UriSpec;
import org.apache.curator.x.discovery.details.JsonInstanceSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.zookeeper.discovery.ZookeeperInstance;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The gateway keeps routing when ZooKeeper is gone, and follows the registry again when it is back.
 * The test gateway reaches the cluster's real ZooKeeper through a {@link CuttableLink}; the
 * "site-service" instances are stubs registered by a client of their own, straight to ZooKeeper, as
 * separate instances would be, under a discovery root of this run's own. Cutting the link is, for
 * this gateway, ZooKeeper losing its quorum: every connection drops, none can be made.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayRegistryLossIT {

  static final String MACHINE = TandemEnvironment.get("TANDEM_MACHINE_ADDRESS");
  static final String ROOT = "/tandem-it-" + UUID.randomUUID();
  static final CuttableLink link = CuttableLink.to(TandemEnvironment.get("TANDEM_ZOOKEEPER"));

  /** The shortest ZooKeeper grants (2 ticks of 2 s), so an outage can outlast it quickly. */
  static final Duration SESSION = Duration.ofSeconds(4);

  /** Longer than the session and than the load balancer's old 2 s cache, with a margin. */
  static final Duration OUTAGE = SESSION.plusSeconds(4);

  /** Shorter than the default (10 s), so that a test can wait it out. */
  static final Duration EMPTY_LIST_GRACE = Duration.ofSeconds(3);

  /**
   * A public path (reading a promotion), so that no access token is involved: what is tested is
   * routing while the registry is gone. GatewayDiscoveryIT covers a token and its keys.
   */
  static final String PATH = "/api/promotions/1";

  /** What each request may take while ZooKeeper is gone; a blocked lookup would take seconds. */
  static final Duration ANSWER_WITHIN = Duration.ofSeconds(1);

  static CuratorFramework siteSide;
  static ServiceDiscovery<ZookeeperInstance> siteRegistry;

  @DynamicPropertySource
  static void registry(DynamicPropertyRegistry registry) {
    registry.add("spring.cloud.zookeeper.connect-string", link::address);
    registry.add("spring.cloud.zookeeper.session-timeout", () -> SESSION.toMillis() + "ms");
    registry.add("spring.cloud.zookeeper.discovery.root", () -> ROOT);
    registry.add("tandem.gateway.empty-list-grace", () -> EMPTY_LIST_GRACE.toMillis() + "ms");
  }

  @BeforeAll
  static void registerAsSiteServiceWould() throws Exception {
    siteSide =
        CuratorFrameworkFactory.newClient(
            TandemEnvironment.get("TANDEM_ZOOKEEPER"), new RetryOneTime(500));
    siteSide.start();
    siteRegistry =
        ServiceDiscoveryBuilder.builder(ZookeeperInstance.class)
            .client(siteSide)
            .basePath(ROOT)
            .serializer(new JsonInstanceSerializer<>(ZookeeperInstance.class))
            .build();
    siteRegistry.start();
  }

  @AfterAll
  static void cleanUp() throws Exception {
    siteRegistry.close();
    siteSide.delete().deletingChildrenIfNeeded().forPath(ROOT);
    siteSide.close();
    link.close();
  }

  final List<StubInstance> stubs = new ArrayList<>();
  final List<ConnectionState> gatewaySessionStates = new CopyOnWriteArrayList<>();
  final ConnectionStateListener recordGatewaySession =
      (client, state) -> gatewaySessionStates.add(state);

  @Autowired CuratorFramework gatewayZooKeeper;

  @LocalServerPort int port;

  @AfterEach
  void removeInstances() throws Exception {
    gatewayZooKeeper.getConnectionStateListenable().removeListener(recordGatewaySession);
    link.restore();
    for (ServiceInstance<ZookeeperInstance> instance :
        siteRegistry.queryForInstances("site-service")) {
      siteRegistry.unregisterService(instance);
    }
    stubs.forEach(StubInstance::close);
  }

  @Test
  void keepsRoutingToTheInstancesItKnewWhileZooKeeperIsUnreachable() throws Exception {
    register("a");
    awaitRoutedTo("a");
    gatewayZooKeeper.getConnectionStateListenable().addListener(recordGatewaySession);

    cutGatewayOff();
    List<Answer> duringOutage = requestsFor(OUTAGE);

    assertThat(duringOutage)
        .allSatisfy(
            answer -> {
              assertThat(answer.from()).isEqualTo("a");
              assertThat(answer.took()).isLessThan(ANSWER_WITHIN);
            })
        .hasSizeGreaterThan(20);
    // The outage outlasted the gateway's session, not merely a blip of the connection.
    assertThat(gatewaySessionStates).contains(ConnectionState.SUSPENDED, ConnectionState.LOST);
  }

  @Test
  void followsWhatChangedInTheRegistryOnceZooKeeperIsBack() throws Exception {
    ServiceInstance<ZookeeperInstance> a = register("a");
    awaitRoutedTo("a");

    cutGatewayOff();
    // Changes the gateway cannot see yet: b replaces a while it is cut off, for longer than its
    // session, so it comes back on a new session and must read the registry afresh.
    register("b");
    siteRegistry.unregisterService(a);
    assertThat(requestsFor(OUTAGE)).extracting(Answer::from).containsOnly("a");

    link.restore();
    awaitAnswers(
        Duration.ofSeconds(30), Duration.ofMillis(500), from -> assertThat(from).containsOnly("b"));
  }

  @Test
  void dropsARemovedInstanceAndAddsANewOneWithinASecond() throws Exception {
    ServiceInstance<ZookeeperInstance> a = register("a");
    awaitRoutedTo("a");

    register("b");
    awaitAnswers(
        Duration.ofSeconds(1), Duration.ofMillis(300), from -> assertThat(from).contains("b"));

    siteRegistry.unregisterService(a);
    awaitAnswers(
        Duration.ofSeconds(1), Duration.ofMillis(300), from -> assertThat(from).containsOnly("b"));
  }

  @Test
  void keepsTheLastInstancesWhileTheRegistryListsNoneForAMoment() throws Exception {
    ServiceInstance<ZookeeperInstance> a = register("a");
    ServiceInstance<ZookeeperInstance> b = register("b");
    awaitAnswers(
        Duration.ofSeconds(30),
        Duration.ofMillis(500),
        from -> assertThat(from).contains("a", "b"));

    // What every instance does on its new session when ZooKeeper is back from an outage: delete
    // its old node, then create it again. Here the nodes stay deleted, the instances up.
    // The watch brings the deletions within milliseconds, so nearly all of this window runs with
    // the registry listing none, and all of it inside the grace.
    siteRegistry.unregisterService(a);
    siteRegistry.unregisterService(b);
    assertThat(requestsFor(Duration.ofMillis(1500)))
        .extracting(Answer::from)
        .hasSizeGreaterThan(5)
        .allMatch(from -> from.equals("a") || from.equals("b"));

    // After the grace, no instance listed means none to route to.
    awaitAnswers(
        EMPTY_LIST_GRACE.plusSeconds(5),
        Duration.ofMillis(300),
        from -> assertThat(from).isNotEmpty().allMatch(f -> f.startsWith("status 503")));

    register("c");
    awaitAnswers(
        Duration.ofSeconds(1), Duration.ofMillis(300), from -> assertThat(from).containsOnly("c"));
  }

  /** A stub instance answering with its own name, registered as site-service. */
  private ServiceInstance<ZookeeperInstance> register(String name) throws Exception {
    StubInstance stub = StubInstance.answeringOn(MACHINE, 200, "{\"from\": \"" + name + "\"}");
    stubs.add(stub);
    String id = UUID.randomUUID().toString();
    ServiceInstance<ZookeeperInstance> instance =
        ServiceInstance.<ZookeeperInstance>builder()
            .id(id)
            .name("site-service")
            .address(MACHINE)
            .port(stub.port())
            .uriSpec(new UriSpec("{scheme}://{address}:{port}"))
            .payload(new ZookeeperInstance(id, "site-service", Map.of()))
            .build();
    siteRegistry.registerService(instance);
    return instance;
  }

  record Answer(String from, Duration took) {}

  /** Cuts the gateway's own link to ZooKeeper and waits until its client has noticed. */
  private void cutGatewayOff() {
    link.cut();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> !gatewayZooKeeper.getZookeeperClient().isConnected());
  }

  private void awaitRoutedTo(String name) {
    await().atMost(Duration.ofSeconds(30)).until(() -> name.equals(answer()));
  }

  /** Until {@code check} holds for who answered the requests of one {@code window}. */
  private void awaitAnswers(Duration atMost, Duration window, Consumer<List<String>> check) {
    await()
        .atMost(atMost)
        .untilAsserted(() -> check.accept(requestsFor(window).stream().map(Answer::from).toList()));
  }

  /** One request; the name of the instance that answered, or what went wrong instead. */
  private String answer() {
    return request().block().from();
  }

  /** A request every 100 ms for that long, each one timed; a late or failed one says so. */
  private List<Answer> requestsFor(Duration period) {
    return Flux.interval(Duration.ofMillis(100))
        .take(period)
        .onBackpressureDrop()
        .concatMap(tick -> request())
        .collectList()
        .block();
  }

  private Mono<Answer> request() {
    long start = System.nanoTime();
    return WebClient.create("http://127.0.0.1:" + port)
        .get()
        .uri(PATH)
        .exchangeToMono(
            response ->
                response.statusCode().value() == 200
                    ? response.bodyToMono(Map.class).map(body -> (String) body.get("from"))
                    : response.releaseBody().then(Mono.just("status " + response.statusCode())))
        .timeout(Duration.ofSeconds(5))
        .onErrorResume(error -> Mono.just(error.toString()))
        .map(from -> new Answer(from, Duration.ofNanos(System.nanoTime() - start)));
  }
}
