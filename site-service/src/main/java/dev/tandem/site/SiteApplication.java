package dev.tandem.site;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The HTTP API of Tandem, behind the gateway. Every request becomes one or more Dubbo calls to
 * member-service and promotion-service; nothing is stored here, so any instance can serve any
 * request and the gateway may retry on another one.
 */
@SpringBootApplication
public class SiteApplication {

  public static void main(String[] args) {
    SpringApplication.run(SiteApplication.class, args);
  }
}
