package dev.tandem.launcher.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.launcher.cluster.Topology;
import dev.tandem.launcher.cluster.Topology.Instance;
import dev.tandem.launcher.product.service.Service;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * docker-compose.yml against infra/topology.yml, for each profile: one container per native program
 * (the same names), at the native host's address, on the topology's subnet, checked at the
 * product's port, mounting its host's rendered configs. The programs beside a MySQL server (its
 * guard, its keepalived) run in the server's container; an lb host's keepalived is a sidecar in its
 * nginx's network namespace. A count, address or port changed in one file only fails here.
 */
public class ComposeFileTest {

  private static final Path COMPOSE = Path.of("../../docker-compose.yml");
  private static final Path OFFLINE = Path.of("../../docker-compose.offline.yml");
  private static final Path TOPOLOGY = Path.of("../topology.yml");

  /** The variable that picks the rendered set (.tandem/compose/PROFILE) of a shared container. */
  private static final String PROFILE_VARIABLE = "${TANDEM_PROFILE:-lite}";

  private static final Path NACOS = Path.of("../../docker-compose.nacos.yml");

  /** The servers of the nacos profile; the native topology has none (Nacos cannot run there). */
  private static final List<String> NACOS_SERVERS = List.of("nacos-1", "nacos-2", "nacos-3");

  private static final int NACOS_PORT = 8848;

  private static Map<String, Object> compose;
  private static Map<String, Object> services;
  private static Topology lite;
  private static Topology ha;

  @BeforeAll
  static void load() throws IOException {
    compose = yaml(COMPOSE);
    services = map(compose.get("services"));
    lite = Topology.load(TOPOLOGY, "lite", Optional.empty());
    ha = Topology.load(TOPOLOGY, "ha", Optional.empty());
  }

  @ParameterizedTest
  @ValueSource(strings = {"lite", "ha"})
  void runsOneContainerPerInstanceOfTheProfileNamedAsNatively(String profile) {
    Set<String> inProfile =
        services.entrySet().stream()
            .filter(e -> profiles(map(e.getValue())).contains(profile))
            .map(Map.Entry::getKey)
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(inProfile).isEqualTo(new TreeSet<>(names(topology(profile))));
  }

  @Test
  void everyComponentOfTheTopologyIsRunByComposeOrLeftOutWithAReason() {
    Set<String> components =
        Stream.of(lite, ha)
            .flatMap(topology -> topology.instances().stream())
            .map(Instance::component)
            .collect(Collectors.toCollection(TreeSet::new));

    assertThat(ComposeConfigs.NATIVE_ONLY.keySet())
        .as("left out of compose, yet run by it")
        .doesNotContainAnyElementsOf(ComposeConfigs.RENDERED);
    assertThat(ComposeConfigs.NATIVE_ONLY.values()).allMatch(reason -> !reason.isBlank());
    Set<String> decided = new TreeSet<>(ComposeConfigs.RENDERED);
    decided.addAll(ComposeConfigs.NATIVE_ONLY.keySet());
    assertThat(decided)
        .as("components compose runs or leaves out (ComposeConfigs): add a new one to either")
        .isEqualTo(components);
  }

  @Test
  @SuppressWarnings("unchecked")
  void theNacosProfileRunsThreeClusteredServersAtFreeAddressesOfTheSubnet() {
    // free in both profiles: no native host's address nor a VIP (ha has more of each)
    Set<String> taken = new TreeSet<>();
    for (Topology topology : List.of(lite, ha)) {
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
          .isEqualTo(
              List.of(
                  "./.tandem/compose/"
                      + PROFILE_VARIABLE
                      + "/conf/nacos/"
                      + ComposeConfigs.NACOS_ENV));
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
        ha.instances().stream()
            .filter(i -> i.product().equals("service"))
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

  @ParameterizedTest
  @ValueSource(strings = {"lite", "ha"})
  void everyContainerHasItsNativeHostsAddressOnTheTopologysSubnet(String profile) {
    Topology topology = topology(profile);
    Map<String, Object> network = map(map(compose.get("networks")).get("tandem"));
    List<?> ipam = (List<?>) map(network.get("ipam")).get("config");
    assertThat(map(ipam.getFirst()).get("subnet")).isEqualTo(topology.subnet().toString());
    for (Instance instance : containers(topology)) {
      Map<String, Object> service = service(instance);
      if (isSidecar(instance)) {
        assertThat(service.get("network_mode"))
            .as(instance.name())
            .isEqualTo("service:" + main(topology, instance).name());
        continue;
      }
      Map<String, Object> networks = map(service.get("networks"));
      assertThat(map(networks.get("tandem")).get("ipv4_address"))
          .as(instance.name())
          .isEqualTo(instance.address());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"lite", "ha"})
  void everyContainerIsInItsProfilesAndHealthChecked(String profile) {
    Topology topology = topology(profile);
    Set<String> inLite = names(lite);
    for (Instance instance : containers(topology)) {
      Map<String, Object> service = service(instance);
      assertThat(profiles(service))
          .as(instance.name())
          .isEqualTo(inLite.contains(instance.name()) ? List.of("lite", "ha") : List.of("ha"));
      @SuppressWarnings("unchecked")
      List<Object> check = (List<Object>) map(service.get("healthcheck")).get("test");
      assertThat(check.subList(0, 2)).as(instance.name()).containsExactly("CMD", "tandem-probe");
      assertThat(check.subList(2, 5)).as(instance.name()).isEqualTo(expectedCheck(instance));
    }
  }

  /** What a container's check probes: kind, address (or file) and port. */
  private static List<String> expectedCheck(Instance instance) {
    return switch (instance.component()) {
      // every shard's writer, as rendered for the profile
      case "mysql" -> List.of("all", ComposeConfigs.MOUNT + "/conf/ready", "-");
      // the VIP serves the entry point, whichever lb host holds it
      case "keepalived" -> List.of("http", ha.vip("lb", null).orElseThrow().address(), "80");
      case "nginx" -> List.of("http", "127.0.0.1", Integer.toString(instance.port()));
      case "zookeeper" ->
          List.of("zookeeper", instance.address(), Integer.toString(instance.port()));
      case "elasticsearch" ->
          List.of("http", instance.address(), Integer.toString(instance.port()));
      default ->
          instance.product().equals("service")
              ? List.of("http", "127.0.0.1", Integer.toString(Service.MANAGEMENT_PORT))
              : List.of("tcp", instance.address(), Integer.toString(instance.port()));
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"lite", "ha"})
  @SuppressWarnings("unchecked")
  void everyContainerMountsTheConfigsRenderedForItsHostAndProfile(String profile) {
    Topology topology = topology(profile);
    Set<String> inLite = names(lite);
    for (Instance instance : containers(topology)) {
      Map<String, Object> service = service(instance);
      // a container of both profiles mounts the set TANDEM_PROFILE names; ha's others, ha's
      String set = inLite.contains(instance.name()) ? PROFILE_VARIABLE : "ha";
      String host = "./.tandem/compose/" + set + "/hosts/" + instance.host().name();
      if (instance.product().equals("service")) {
        assertThat(service.get("env_file"))
            .as(instance.name())
            .isEqualTo(List.of(host + "/" + instance.name() + "/service.env"));
      } else {
        assertThat((List<Object>) service.get("volumes"))
            .as(instance.name())
            .contains(host + ":" + ComposeConfigs.MOUNT + "/conf:ro");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"lite", "ha"})
  void theEntryPointIsPublishedOnTheHost(String profile) {
    Instance nginx = topology(profile).of("nginx").getFirst();
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

  @ParameterizedTest
  @ValueSource(strings = {"lite", "ha"})
  void theOfflineFileSwapsAnImageForEveryContainer(String profile) throws IOException {
    Map<String, Object> offlineFile = yaml(OFFLINE);
    // it repeats the network (compose replaces a network wholesale): the same subnet
    Map<String, Object> network = map(map(offlineFile.get("networks")).get("tandem"));
    List<?> ipam = (List<?>) map(network.get("ipam")).get("config");
    assertThat(map(ipam.getFirst()).get("subnet")).isEqualTo(lite.subnet().toString());
    Map<String, Object> offline = map(offlineFile.get("services"));
    assertThat(offline.keySet()).containsAll(names(topology(profile)));
    assertThat(services.keySet()).containsAll(offline.keySet());
    offline.forEach(
        (name, service) ->
            assertThat((String) map(service).get("image"))
                .as(name)
                .startsWith("localhost/tandem/")
                .endsWith(":offline"));
  }

  private static Topology topology(String profile) {
    return profile.equals("lite") ? lite : ha;
  }

  /** The instances that are containers of their own: all but those inside a MySQL host's. */
  private static List<Instance> containers(Topology topology) {
    return topology.instances().stream()
        .filter(i -> ComposeConfigs.RENDERED.contains(i.component()))
        .filter(i -> main(topology, i).equals(i) || isSidecar(i))
        .toList();
  }

  /** An lb host's keepalived: a container of its own in its nginx's network namespace. */
  private static boolean isSidecar(Instance instance) {
    return instance.component().equals("keepalived") && instance.host().group().equals("lb");
  }

  /** The program a host is named for: its first (a MySQL server, nginx, ...). */
  private static Instance main(Topology topology, Instance instance) {
    return topology.onHost(instance.host()).getFirst();
  }

  private static Set<String> names(Topology topology) {
    return containers(topology).stream().map(Instance::name).collect(Collectors.toSet());
  }

  @SuppressWarnings("unchecked")
  private static List<Object> profiles(Map<String, Object> service) {
    return (List<Object>) service.get("profiles");
  }

  private static Map<String, Object> service(Instance instance) {
    assertThat(services).as("docker-compose.yml services").containsKey(instance.name());
    return map(services.get(instance.name()));
  }

  private static Map<String, Object> yaml(Path file) throws IOException {
    LoaderOptions options = new LoaderOptions();
    // the file's anchors (*probe, *ha, a group's settings) are used once per container
    options.setMaxAliasesForCollections(500);
    try (Reader reader = Files.newBufferedReader(file)) {
      return new Yaml(new SafeConstructor(options)).load(reader);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }
}
