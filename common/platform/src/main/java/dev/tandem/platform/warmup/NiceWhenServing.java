package dev.tandem.platform.warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.core.Ordered;

/**
 * Takes back the CPU share an instance yielded while it started, at the moment it becomes findable.
 * The native cluster starts an instance beside a serving cluster at nice 10 and says what to return
 * to ({@code tandem.nice-when-serving}); it restored that itself only once its probe saw the
 * instance healthy, and until then the instance took calls at a tenth of its share: in a rolling
 * restart, a member-service's first calls after it registered took 640–920 ms and a sign-up timed
 * out. This runs after the warm-up, before Dubbo exports and registers. Without the setting (the
 * container runtimes), nothing happens.
 */
final class NiceWhenServing implements ApplicationListener<ContextRefreshedEvent>, Ordered {

  private static final Log log = LogFactory.getLog(NiceWhenServing.class);

  private final ApplicationContext context;
  private final Integer nice;

  NiceWhenServing(ApplicationContext context, Integer nice) {
    this.context = context;
    this.nice = nice;
  }

  @Override
  public void onApplicationEvent(ContextRefreshedEvent event) {
    if (event.getApplicationContext() != context || nice == null) {
      return;
    }
    try {
      // every thread of the process group, as the launcher set them; threads made later inherit
      long group = processGroup();
      Process renice =
          new ProcessBuilder("renice", "-n", nice.toString(), "-g", Long.toString(group))
              .redirectErrorStream(true)
              .start();
      String output = new String(renice.getInputStream().readAllBytes()).strip();
      if (renice.waitFor() != 0) {
        log.warn("could not set nice " + nice + " for process group " + group + ": " + output);
        return;
      }
      log.info("serving at nice " + nice);
    } catch (IOException e) {
      log.warn("could not set nice " + nice + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The fifth field of /proc/self/stat, read after the command name, which may hold spaces. */
  private static long processGroup() throws IOException {
    String stat = Files.readString(Path.of("/proc/self/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[2]);
  }

  /** After the provider warm-up ({@link WarmBeforeExport}), before Dubbo exports. */
  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE + 1;
  }
}
