package dev.tandem.platform.instance;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who this instance is, for every service that binds and registers an address (Dubbo, discovery).
 * Bound at start-up from {@code TANDEM_HOST_ADDRESS} and {@code TANDEM_WORKER_ID}; a service that
 * has neither fails to start with one message naming the variable, instead of letting Dubbo pick
 * the machine's first interface, which on a Tandem machine may be one that must get no traffic.
 *
 * @param hostAddress the address this instance binds and registers
 * @param workerId a number no other instance of the service has; when absent, the last octet of an
 *     IPv4 host address, unique as long as the instances share one /24 (as on a Tandem cluster).
 *     Elsewhere (Kubernetes) set it per instance, e.g. from the StatefulSet ordinal.
 */
@ConfigurationProperties("tandem.instance")
public record InstanceIdentity(String hostAddress, Integer workerId) {

  public InstanceIdentity {
    if (hostAddress == null || hostAddress.isBlank()) {
      throw new IllegalArgumentException(
          "set TANDEM_HOST_ADDRESS: the address this instance binds and registers (Dubbo,"
              + " discovery); without it they would pick the machine's first interface");
    }
    if (workerId != null && workerId < 0) {
      throw new IllegalArgumentException("TANDEM_WORKER_ID must be 0 or more, was " + workerId);
    }
  }

  /** {@link #workerId()}, or the host address's last octet when it is not set. */
  public int worker() {
    if (workerId != null) {
      return workerId;
    }
    String[] octets = hostAddress.split("\\.");
    if (octets.length != 4 || !octets[3].matches("\\d{1,3}")) {
      throw new IllegalStateException(
          "TANDEM_HOST_ADDRESS "
              + hostAddress
              + " is not an IPv4 address, so it gives no worker id: set TANDEM_WORKER_ID");
    }
    return Integer.parseInt(octets[3]);
  }
}
