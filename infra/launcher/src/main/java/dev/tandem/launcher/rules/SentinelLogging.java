package dev.tandem.launcher.rules;

import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Sentinel's logging starts on first use of a rule manager. It would print its settings to standard
 * output, which {@code ./tandem} keeps for the command's answer, and open log files in {@code
 * ~/logs/csp}; a command line tool wants neither.
 */
final class SentinelLogging {

  private SentinelLogging() {}

  static synchronized void quiet() {
    System.setProperty("csp.sentinel.log.output.type", "console");
    System.setProperty("csp.sentinel.log.level", "OFF");
    System.setProperty("csp.sentinel.log.dir", System.getProperty("java.io.tmpdir"));
    PrintStream stdout = System.out;
    System.setOut(new PrintStream(OutputStream.nullOutputStream()));
    try {
      Class.forName(
          "com.alibaba.csp.sentinel.log.RecordLog", true, SentinelLogging.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("sentinel-core is not on the class path", e);
    } finally {
      System.setOut(stdout);
    }
  }
}
