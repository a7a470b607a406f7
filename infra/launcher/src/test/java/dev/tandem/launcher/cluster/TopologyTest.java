package dev.tandem.launcher.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.launcher.cluster.Topology.Instance;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

public class TopologyTest {

  private static final Path FILE = Path.of("../topology.yml");

  private static Topology load(String profile) {
    return Topology.load(FILE, profile, Optional.empty());
  }

  private static List<String> names(List<Instance> instances) {
    return instances.stream().map(Instance::name).toList();
  }

  @Test
  void haRunsEveryLayerRedundantlyAsTheArchitectureLists() {
    Topology ha = load("ha");

    assertThat(names(ha.of("zookeeper")))
        .containsExactly("zookeeper-1", "zookeeper-2", "zookeeper-3");
    assertThat(ha.of("kafka")).hasSize(3);
    assertThat(ha.of("redis")).hasSize(3);
    assertThat(ha.of("sentinel")).hasSize(3);
    assertThat(ha.of("elasticsearch")).hasSize(3);
    assertThat(names(ha.of("mysql")))
        .containsExactly("mysql-0-1", "mysql-0-2", "mysql-1-1", "mysql-1-2");
    assertThat(names(ha.of("nginx"))).containsExactly("nginx-1", "nginx-2");
    assertThat(names(ha.of("keepalived")))
        .containsExactly(
            "keepalived-mysql-0-1",
            "keepalived-mysql-0-2",
            "keepalived-mysql-1-1",
            "keepalived-mysql-1-2",
            "keepalived-1",
            "keepalived-2");
  }

  @Test
  void liteRunsOneOfEverythingAndNoVip() {
    Topology lite = load("lite");

    // everything ha runs, once, but what only lives beside a VIP
    Set<String> beyondVips = new TreeSet<>();
    load("ha").instances().forEach(instance -> beyondVips.add(instance.component()));
    beyondVips.removeAll(List.of("keepalived", "mysql-guard"));
    assertThat(lite.instances())
        .extracting(Instance::component)
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(beyondVips)
        .contains("zookeeper", "redis", "mysql", "nginx", "gateway");
    assertThat(lite.vips()).isEmpty();
    assertThat(lite.of("keepalived")).isEmpty();
  }

  @Test
  void haRunsTwoOfEachServiceOnHostsOfTheirOwn() {
    Topology ha = load("ha");

    assertThat(names(ha.of("member-service"))).containsExactly("member-1", "member-2");
    assertThat(names(ha.of("gateway"))).containsExactly("gateway-1", "gateway-2");
    assertThat(ha.require("site-2").endpoint()).isEqualTo("10.247.0.82:8080");
    assertThat(ha.require("promotion-1").host()).isNotEqualTo(ha.require("promotion-2").host());
  }

  @Test
  void eachInstanceHasItsOwnHostAtTheProductsStandardPort() {
    Topology ha = load("ha");

    assertThat(ha.require("redis-2").endpoint()).isEqualTo("10.247.0.32:6379");
    assertThat(ha.require("zookeeper-3").endpoint()).isEqualTo("10.247.0.13:2181");
    assertThat(ha.require("mysql-1-2").endpoint()).isEqualTo("10.247.0.57:3306");
    assertThat(ha.require("nginx-1").endpoint()).isEqualTo("10.247.0.61:80");
    assertThat(ha.hosts()).extracting(Topology.Host::address).doesNotHaveDuplicates();
  }

  @Test
  void keepalivedSharesTheHostOfWhatItGuards() {
    Topology ha = load("ha");

    assertThat(ha.require("keepalived-1").host()).isEqualTo(ha.require("nginx-1").host());
    assertThat(ha.require("keepalived-mysql-1-2").host()).isEqualTo(ha.require("mysql-1-2").host());
  }

  @Test
  void haHasAnEntryVipAndOneVipPerShard() {
    Topology ha = load("ha");

    assertThat(ha.vip("lb", null)).map(Topology.Vip::address).contains("10.247.0.250");
    assertThat(ha.vip("mysql", 0)).map(Topology.Vip::address).contains("10.247.0.251");
    assertThat(ha.vip("mysql", 1)).map(Topology.Vip::address).contains("10.247.0.252");
    assertThat(ha.vip("mysql", 1).orElseThrow().hosts())
        .extracting(Topology.Host::name)
        .containsExactly("mysql-1-1", "mysql-1-2");
  }

  @Test
  void subnetCanBeMovedWithoutTouchingTheDescription() {
    Topology ha = Topology.load(FILE, "ha", Optional.of("10.99.3.0/24"));

    assertThat(ha.require("kafka-1").address()).isEqualTo("10.99.3.21");
    assertThat(ha.vip("lb", null)).map(Topology.Vip::address).contains("10.99.3.250");
  }

  @Test
  void rejectsAnUnknownProfileNamingTheChoices() {
    assertThatThrownBy(() -> load("huge"))
        .isInstanceOf(LauncherException.class)
        .hasMessageContaining("lite, ha");
  }

  @Test
  void rejectsAnUnknownInstancePointingToStatus() {
    assertThatThrownBy(() -> load("lite").require("redis-3"))
        .isInstanceOf(LauncherException.class)
        .hasMessageContaining("./tandem status");
  }
}
