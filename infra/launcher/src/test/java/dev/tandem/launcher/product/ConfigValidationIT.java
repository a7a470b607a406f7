package dev.tandem.launcher.product;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.launcher.cluster.Cluster;
import dev.tandem.launcher.cluster.Context;
import dev.tandem.launcher.cluster.Network;
import dev.tandem.launcher.cluster.Proc;
import dev.tandem.launcher.cluster.Product;
import dev.tandem.launcher.cluster.Product.Facts;
import dev.tandem.launcher.cluster.Supervisor;
import dev.tandem.launcher.cluster.Topology;
import dev.tandem.launcher.cluster.Topology.Instance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The products themselves check the rendered configs (nginx -t, keepalived -t). */
public class ConfigValidationIT {

  private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
  // keepalived refuses scripts below a world-writable directory such as /tmp
  private static final Path STATE = Path.of("target/config-validation").toAbsolutePath();

  private Context context;

  @BeforeEach
  void renderHa() {
    Topology topology = Topology.load(ROOT.resolve("infra/topology.yml"), "ha", Optional.empty());
    Cluster cluster = new Cluster(ROOT, "validate", topology, STATE);
    context = new Context(cluster, new Network(cluster), new Supervisor(cluster));
  }

  private Path write(String name) throws Exception {
    Instance instance = context.topology().require(name);
    Map<String, String> files =
        Products.of(instance.component())
            .render(context, instance, Facts.fixed(context.topology().require("redis-1")));
    Path conf = context.cluster().conf(instance);
    Product.write(conf, files);
    Files.createDirectories(context.cluster().run(instance));
    Files.createDirectories(context.cluster().logDir(instance));
    return conf.resolve(files.keySet().iterator().next());
  }

  @Test
  void nginxAcceptsItsRenderedConfig() throws Exception {
    Path conf = write("nginx-1");
    Path run = context.cluster().run(context.topology().require("nginx-1"));

    Proc.Result result =
        Proc.run(
            List.of(
                "nginx",
                "-t",
                "-p",
                run + "/",
                "-e",
                run.resolve("error.log").toString(),
                "-c",
                conf.toString()),
            Duration.ofSeconds(30));

    assertThat(result.exit()).as(result.output()).isZero();
  }

  @Test
  void keepalivedAcceptsTheVrrpConfigsAndTheLvsDrConfig() throws Exception {
    Instance mysql = context.topology().require("mysql-1-2");
    Product.installScripts(
        context,
        "mysql",
        List.of("mysql-check.sh", "mysql-notify.sh"),
        context.cluster().conf(mysql));
    Path lb = write("keepalived-1");
    Product.installScripts(
        context,
        "keepalived",
        List.of("keepalived-notify.sh"),
        context.cluster().conf(context.topology().require("keepalived-1")));

    for (Path conf :
        List.of(lb, write("keepalived-mysql-1-2"), ROOT.resolve("infra/keepalived/lvs-dr.conf"))) {
      // keepalived -t answers 0 for a file that does not exist
      assertThat(conf).exists();

      Proc.Result result =
          Proc.run(List.of("keepalived", "-t", "-f", conf.toString()), Duration.ofSeconds(30));

      assertThat(result.exit()).as(conf + ": " + result.output()).isZero();
      assertThat(result.output()).as(conf.toString()).doesNotContain("not found");
    }
  }
}
