package dev.tandem.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The entry behind nginx: routes {@code /api/**} to site-service instances found through discovery.
 * It holds no state, so nginx may send any request to either gateway.
 */
@SpringBootApplication
public class GatewayApplication {

  public static void main(String[] args) {
    SpringApplication.run(GatewayApplication.class, args);
  }
}
