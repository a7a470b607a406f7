package dev.tandem.launcher.product.redisexporter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.launcher.cluster.Cluster;
import dev.tandem.launcher.cluster.Context;
import dev.tandem.launcher.cluster.Product.Facts;
import dev.tandem.launcher.cluster.Supervisor;
import dev.tandem.launcher.cluster.Topology;
import dev.tandem.launcher.cluster.Topology.Instance;
import dev.tandem.launcher.product.Products;
import dev.tandem.launcher.secrets.Secrets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The exporter beside each Redis server: what it runs, what it is given, what it keeps secret. */
class RedisExporterTest {

  private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

  private static Context ha() {
    Topology topology = Topology.load(ROOT.resolve("infra/topology.yml"), "ha", Optional.empty());
    return Products.context(new Cluster(ROOT, "rendertest", topology));
  }

  @Test
  void everyRedisHostRunsOneExporterBesideItsServer() {
    Topology topology = ha().topology();

    assertThat(topology.of("redis-exporter"))
        .extracting(e -> e.host().name())
        .containsExactlyElementsOf(
            topology.of("redis").stream().map(r -> r.host().name()).toList());
  }

  @Test
  void theExporterScrapesTheRedisOnItsOwnHostAndListensAtItsHostsAddress() {
    Context ha = ha();
    Instance exporter = ha.topology().require("redis-exporter-2");

    Supervisor.Program program = ha.product("redis-exporter").program(ha, exporter);

    assertThat(program.command())
        .startsWith("ip", "netns", "exec", ha.cluster().nsName(exporter.host()))
        .containsSubsequence("setpriv", "--reuid=prometheus", "--regid=prometheus")
        .contains(
            "/usr/bin/prometheus-redis-exporter",
            "-redis.addr=redis://10.247.0.32:6379",
            "-redis.password-file=" + ha.cluster().conf(exporter).resolve("password.json"),
            "-web.listen-address=10.247.0.32:9121");
  }

  @Test
  void thePasswordIsInTheFileAndNeverOnTheCommandLineOrInTheEnvironment() {
    Context ha = ha();
    String password = Secrets.of(ha.cluster()).redis();
    Instance exporter = ha.topology().require("redis-exporter-3");

    Supervisor.Program program = ha.product("redis-exporter").program(ha, exporter);
    Map<String, String> files =
        ha.product("redis-exporter").render(ha, exporter, Facts.fixed(Map.of()));

    assertThat(password).isNotBlank();
    assertThat(program.command()).noneMatch(argument -> argument.contains(password));
    assertThat(program.environment().values()).noneMatch(value -> value.contains(password));
    Map<String, Object> passwords = new Yaml().load(files.get("password.json"));
    assertThat(passwords).containsExactly(Map.entry("redis://10.247.0.33:6379", password));
  }
}
