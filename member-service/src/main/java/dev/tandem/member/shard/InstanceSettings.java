package dev.tandem.member.shard;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Who this instance is. {@code address} is the address it registers in the Dubbo registry; its last
 * octet is the worker id in generated ids unless {@code workerId} is set, which is unique as long
 * as instances share one /24 (as on a Tandem cluster). Elsewhere (Kubernetes) set {@code workerId}
 * per instance, e.g. from the StatefulSet ordinal.
 */
@Validated
@ConfigurationProperties("tandem.member.instance")
public record InstanceSettings(
    @NotBlank(message = "set TANDEM_HOST_ADDRESS to the address this instance is reached at")
        String address,
    @Min(0) @Max(MemberIds.MAX_WORKER) Integer workerId) {

  int worker() {
    if (workerId != null) {
      return workerId;
    }
    String[] octets = address.split("\\.");
    if (octets.length != 4) {
      throw new IllegalStateException(
          "tandem.member.instance.address "
              + address
              + " is not an IPv4 address: set tandem.member.instance.worker-id (TANDEM_WORKER_ID)");
    }
    return Integer.parseInt(octets[3]);
  }
}
