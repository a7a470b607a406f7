package dev.tandem.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.platform.testing.TandemEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.DefaultBootstrapContext;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * Each service's {@code application.yml} under each registry profile, resolved the way Spring Boot
 * resolves it at start-up, with the registry file every service imports from this module ({@code
 * tandem/registry.yml}): {@code registry-nacos} (docker-compose and Kubernetes) must point the
 * service's discovery and its Dubbo registry at the Nacos cluster named by {@code TANDEM_NACOS},
 * and nothing of them at ZooKeeper; the default, {@code registry-zookeeper}, the other way round.
 *
 * <p>A Nacos server cannot run on the machines Tandem is built on (no server artifact can be had
 * there), so this is what is verified of the Nacos path here; the README says so.
 */
class RegistryProfilesTest {

  static final String NACOS = "nacos-1:8848,nacos-2:8848,nacos-3:8848";
  static final String ZOOKEEPER = "zookeeper-1:2181,zookeeper-2:2181";

  /** Which registries each service uses: HTTP discovery (Spring Cloud), Dubbo, or both. */
  static final Map<String, List<String>> USES =
      Map.of(
          "gateway", List.of("discovery"),
          "site-service", List.of("discovery", "dubbo"),
          "member-service", List.of("dubbo"),
          "promotion-service", List.of("dubbo"));

  @ParameterizedTest
  @ValueSource(strings = {"gateway", "site-service", "member-service", "promotion-service"})
  void registryNacosPointsEveryRegistryOfTheServiceAtNacos(String service) {
    StandardEnvironment environment = resolve(service, "registry-nacos");

    if (USES.get(service).contains("discovery")) {
      assertThat(environment.getProperty("spring.cloud.nacos.discovery.server-addr"))
          .isEqualTo(NACOS);
      assertThat(environment.getProperty("spring.cloud.zookeeper.enabled")).isEqualTo("false");
    }
    if (USES.get(service).contains("dubbo")) {
      assertThat(environment.getProperty("dubbo.registry.address")).isEqualTo("nacos://" + NACOS);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"gateway", "site-service", "member-service", "promotion-service"})
  void withoutAProfileEveryRegistryOfTheServiceIsZooKeeper(String service) {
    StandardEnvironment environment = resolve(service);

    if (USES.get(service).contains("discovery")) {
      assertThat(environment.getProperty("spring.cloud.zookeeper.connect-string"))
          .isEqualTo(ZOOKEEPER);
      assertThat(environment.getProperty("spring.cloud.zookeeper.enabled", "true"))
          .isEqualTo("true");
      assertThat(environment.getProperty("spring.cloud.nacos.discovery.server-addr")).isNull();
    }
    if (USES.get(service).contains("dubbo")) {
      assertThat(environment.getProperty("dubbo.registry.address"))
          .isEqualTo("zookeeper://" + ZOOKEEPER);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"gateway", "site-service", "member-service", "promotion-service"})
  void theRegistryIsChosenInOnePlaceThatEveryServiceImports(String service) throws IOException {
    String own = Files.readString(applicationYml(service));

    assertThat(own).contains("import: classpath:tandem/registry.yml");
    assertThat(own)
        .as("%s chooses no registry itself", service)
        .doesNotContain("on-profile: registry-")
        .doesNotContain("TANDEM_NACOS")
        .doesNotContain("zookeeper://")
        .doesNotContain("nacos://");
  }

  private static Path applicationYml(String service) {
    return TandemEnvironment.root().resolve(service + "/src/main/resources/application.yml");
  }

  /** The service's own configuration file, read from its module, with the given profiles. */
  private static StandardEnvironment resolve(String service, String... profiles) {
    StandardEnvironment environment = new StandardEnvironment();
    environment
        .getPropertySources()
        .addFirst(
            new MapPropertySource(
                "cluster",
                Map.of(
                    "TANDEM_NACOS",
                    NACOS,
                    "TANDEM_ZOOKEEPER",
                    ZOOKEEPER,
                    "spring.config.location",
                    applicationYml(service).toUri().toString())));
    environment.setActiveProfiles(profiles);
    ConfigDataEnvironmentPostProcessor.applyTo(
        environment, new DefaultResourceLoader(), new DefaultBootstrapContext(), profiles);
    return environment;
  }
}
