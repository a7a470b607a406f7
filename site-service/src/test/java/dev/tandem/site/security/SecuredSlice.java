package dev.tandem.site.security;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.autoconfigure.web.servlet.MockMvcBuilderCustomizer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.TestPropertySource;

/**
 * A {@code @WebMvcTest} with site-service's real security: the filter chain, the decoder, test keys
 * ({@link TestTokens}). With {@link AsAdminByDefault} every request carries an admin's token unless
 * it sets its own {@code Authorization}: the controller tests are about their controller; {@code
 * SecurityRulesTest} is about who may call what.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Import({SecurityConfiguration.class, KeySetController.class})
@TestPropertySource(
    properties = {
      "tandem.security.keys=${java.io.tmpdir}/tandem-site-test-keys",
      "tandem.security.issuer=" + TestTokens.ISSUER,
      "tandem.security.audience=" + TestTokens.AUDIENCE,
      "tandem.security.token-lifetime=15m",
      "tandem.security.reload-keys=1s",
      "tandem.security.sign-in.account-failures=3",
      "tandem.security.sign-in.address-failures=10",
      "tandem.security.sign-in.window=15m"
    })
public @interface SecuredSlice {

  /** Every request is an admin's unless it says otherwise. */
  @Target(ElementType.TYPE)
  @Retention(RetentionPolicy.RUNTIME)
  @Import(AdminByDefault.class)
  @interface AsAdminByDefault {}

  @TestConfiguration(proxyBeanMethods = false)
  class AdminByDefault {
    @Bean
    MockMvcBuilderCustomizer adminToken() {
      return builder ->
          builder.defaultRequest(get("/").header(HttpHeaders.AUTHORIZATION, TestTokens.admin()));
    }
  }
}
