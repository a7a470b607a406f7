package dev.tandem.launcher.cluster;

/**
 * The products the launcher can run, by the name a topology program gives ({@code product}, by
 * default its component). The cluster's code asks it through {@link Context#product}, never names a
 * product itself.
 */
public interface Catalogue {

  /**
   * The product that runs {@code component}'s instances.
   *
   * @throws LauncherException when the launcher has no such product
   */
  Product product(String product, String component);
}
