package dev.tandem.platform.shutdown;

import org.springframework.cloud.client.serviceregistry.AbstractAutoServiceRegistration;

/**
 * Spring Cloud discovery (ZooKeeper, Nacos): the registration made when the web server started.
 * Stopping it deregisters; Spring Cloud's own stop later finds nothing left to do.
 */
final class DiscoveryRegistryExit implements RegistryExit {

  private final AbstractAutoServiceRegistration<?> registration;

  DiscoveryRegistryExit(AbstractAutoServiceRegistration<?> registration) {
    this.registration = registration;
  }

  @Override
  public String leave() {
    if (!registration.isRunning()) {
      return "";
    }
    registration.stop();
    return "discovery";
  }
}
