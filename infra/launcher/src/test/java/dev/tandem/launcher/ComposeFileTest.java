package dev.tandem.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.launcher.Topology.Instance;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * docker-compose.yml against infra/topology.yml: one container per native instance (the same
 * names), at the native host's address, on the topology's subnet, checked at the product's port. A
 * count, address or port changed in one file only fails here.
 */
class ComposeFileTest {

  private static final Path COMPOSE = Path.of("../../docker-compose.yml");
  private static final Path OFFLINE = Path.of("../../docker-compose.offline.yml");
  private static final Path NACOS = Path.of("../../docker-compose.nacos.yml");

  /** The servers of the nacos profile; the native topology has none (Nacos cannot run there). */
  private static final List<String> NACOS_SERVERS = List.of("nacos-1", "nacos-2", "nacos-3");

  private static final int NACOS_PORT = 8848;

  private static Map<String, Object> compose;
  private static Map<String, Object> services;
  private static Topology lite;

  @BeforeAll
  static void load() throws IOException {
    compose = yaml(COMPOSE);
    services = map(compose.get("services"));
    lite = Topology.load(Path.of("../topology.yml"), "lite", Optional.empty());
  }

  @Test
  void runsOneContainerPerLiteInstanceNamedAsNatively() {
    Set<String> inLite =
        services.entrySet().stream()
            .filter(e -> ((List<?>) map(e.getValue()).get("profiles")).contains("lite"))
            .map(Map.Entry::getKey)
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(inLite).isEqualTo(new TreeSet<>(liteNames()));
  }

  @Test
  @SuppressWarnings("unchecked")
  void theNacosProfileRunsThreeClusteredServersAtFreeAddressesOfTheSubnet() {
    // free in both profiles: no native host's address nor a VIP (ha has more of each)
    Set<String> taken = new TreeSet<>();
    for (Topology topology :
        List.of(lite, Topology.load(Path.of("../topology.yml"), "ha", Optional.empty()))) {
      topology.hosts().forEach(host -> taken.add(host.address()));
      topology.vips().forEach(vip -> taken.add(vip.address()));
    }
    List<String> addresses = new java.util.ArrayList<>();
    for (String name : NACOS_SERVERS) {
      Map<String, Object> server = map(services.get(name));
      assertThat(server).as(name).isNotNull();
      assertThat(server.get("profiles")).as(name).isEqualTo(List.of("nacos"));
      assertThat((String) server.get("image"))
          .as(name + ": the official image, pinned")
          .matches("docker\\.io/nacos/nacos-server:v\\d+\\.\\d+\\.\\d+");
      String address = (String) map(map(server.get("networks")).get("tandem")).get("ipv4_address");
      assertThat(lite.subnet().contains(address)).as(name + " " + address).isTrue();
      assertThat(taken.add(address)).as(name + ": " + address + " is free").isTrue();
      addresses.add(address);
      Map<String, Object> environment = map(server.get("environment"));
      assertThat(environment)
          .containsEntry("MODE", "cluster")
          .containsEntry("NACOS_SERVER_IP", address);
      List<Object> check = (List<Object>) map(server.get("healthcheck")).get("test");
      assertThat(check.subList(0, 5))
          .as(name)
          .containsExactly("CMD", "tandem-probe", "http", address, Integer.toString(NACOS_PORT));
      assertThat(server.get("env_file"))
          .as(name)
          .isEqualTo(List.of("./.tandem/compose/conf/nacos/" + ComposeConfigs.NACOS_ENV));
    }
    String members =
        addresses.stream().map(a -> a + ":" + NACOS_PORT).collect(Collectors.joining(" "));
    for (String name : NACOS_SERVERS) {
      assertThat(map(map(services.get(name)).get("environment")).get("NACOS_SERVERS"))
          .as(name + " knows all three")
          .isEqualTo(members);
    }
  }

  @Test
  void theNacosFilePointsEveryServiceAtTheNacosServersUnderRegistryNacos() throws IOException {
    Map<String, Object> switched = map(yaml(NACOS).get("services"));
    Set<String> serviceNames =
        instances().stream()
            .filter(i -> Products.of(i.component()) instanceof Service)
            .map(Instance::name)
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(new TreeSet<>(switched.keySet())).isEqualTo(serviceNames);
    String nacos =
        NACOS_SERVERS.stream()
            .map(
                name ->
                    map(map(map(services.get(name)).get("networks")).get("tandem"))
                            .get("ipv4_address")
                        + ":"
                        + NACOS_PORT)
            .collect(Collectors.joining(","));
    switched.forEach(
        (name, service) -> {
          assertThat(map(map(service).get("environment")))
              .as(name)
              .containsEntry("SPRING_PROFILES_ACTIVE", "registry-nacos")
              .containsEntry("TANDEM_NACOS", nacos);
          // started once every server is healthy; its other dependencies stay as they are
          assertThat(map(map(service).get("depends_on")))
              .as(name)
              .containsOnlyKeys(NACOS_SERVERS)
              .allSatisfy(
                  (server, condition) ->
                      assertThat(map(condition)).containsEntry("condition", "service_healthy"));
        });
  }

  @Test
  void everyContainerHasItsNativeHostsAddressOnTheTopologysSubnet() {
    Map<String, Object> network = map(map(compose.get("networks")).get("tandem"));
    List<?> ipam = (List<?>) map(network.get("ipam")).get("config");
    assertThat(map(ipam.getFirst()).get("subnet")).isEqualTo(lite.subnet().toString());
    for (Instance instance : instances()) {
      Map<String, Object> networks = map(service(instance).get("networks"));
      assertThat(map(networks.get("tandem")).get("ipv4_address"))
          .as(instance.name())
          .isEqualTo(instance.address());
    }
  }

  @Test
  void everyContainerIsInTheLiteProfileAndHealthChecked() {
    for (Instance instance : instances()) {
      Map<String, Object> service = service(instance);
      assertThat(service.get("profiles")).as(instance.name()).isEqualTo(List.of("lite"));
      @SuppressWarnings("unchecked")
      List<Object> check = (List<Object>) map(service.get("healthcheck")).get("test");
      // middleware at its address and port; nginx and the services on their own loopback
      boolean local =
          instance.component().equals("nginx")
              || Products.of(instance.component()) instanceof Service;
      String host = local ? "127.0.0.1" : instance.address();
      int port =
          Products.of(instance.component()) instanceof Service
              ? Service.MANAGEMENT_PORT
              : instance.port();
      assertThat(check.subList(0, 2)).as(instance.name()).containsExactly("CMD", "tandem-probe");
      assertThat(check.subList(3, 5))
          .as(instance.name())
          .containsExactly(host, Integer.toString(port));
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void middlewareReadsTheConfigsRenderedForItsInstance() {
    for (Instance instance : instances()) {
      Map<String, Object> service = service(instance);
      if (Products.of(instance.component()) instanceof Service) {
        assertThat(service.get("env_file"))
            .as(instance.name())
            .isEqualTo(List.of("./.tandem/compose/conf/" + instance.name() + "/service.env"));
      } else {
        assertThat((List<Object>) service.get("volumes"))
            .as(instance.name())
            .contains(
                ("./.tandem/compose/conf/"
                    + instance.name()
                    + ":"
                    + ComposeConfigs.MOUNT
                    + "/conf/"
                    + instance.name()
                    + ":ro"));
      }
    }
  }

  @Test
  void theEntryPointIsPublishedOnTheHost() {
    Instance nginx = lite.of("nginx").getFirst();
    assertThat(service(nginx).get("ports"))
        .isEqualTo(
            List.of(
                "${"
                    + ComposeConfigs.HTTP_PORT_VARIABLE
                    + ":-"
                    + ComposeConfigs.DEFAULT_HTTP_PORT
                    + "}:"
                    + nginx.port()));
  }

  @Test
  void theOfflineFileSwapsAnImageForEveryContainer() throws IOException {
    Map<String, Object> offlineFile = yaml(OFFLINE);
    // it repeats the network (compose replaces a network wholesale): the same subnet
    Map<String, Object> network = map(map(offlineFile.get("networks")).get("tandem"));
    List<?> ipam = (List<?>) map(network.get("ipam")).get("config");
    assertThat(map(ipam.getFirst()).get("subnet")).isEqualTo(lite.subnet().toString());
    Map<String, Object> offline = map(offlineFile.get("services"));
    assertThat(new TreeSet<>(offline.keySet())).isEqualTo(new TreeSet<>(liteNames()));
    offline.forEach(
        (name, service) ->
            assertThat((String) map(service).get("image"))
                .as(name)
                .startsWith("localhost/tandem/")
                .endsWith(":offline"));
  }

  private static List<Instance> instances() {
    return lite.instances().stream()
        .filter(i -> ComposeConfigs.RENDERED.contains(i.component()))
        .toList();
  }

  private static Set<String> liteNames() {
    return instances().stream().map(Instance::name).collect(Collectors.toSet());
  }

  private static Map<String, Object> service(Instance instance) {
    assertThat(services).as("docker-compose.yml services").containsKey(instance.name());
    return map(services.get(instance.name()));
  }

  private static Map<String, Object> yaml(Path file) throws IOException {
    try (Reader reader = Files.newBufferedReader(file)) {
      return new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }
}
