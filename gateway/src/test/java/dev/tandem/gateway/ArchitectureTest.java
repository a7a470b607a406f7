package dev.tandem.gateway;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.web.server.WebFilter;

@AnalyzeClasses(
    packages = "dev.tandem.gateway",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule knowsNoServiceInsides =
      noClasses()
          .that()
          .resideInAPackage("dev.tandem.gateway..")
          .should()
          .dependOnClassesThat(
              resideInAnyPackage("dev.tandem..")
                  .and(not(resideInAnyPackage("dev.tandem.gateway..", "dev.tandem.platform.."))))
          .because("the gateway speaks HTTP to site-service and knows nothing of the services");

  @ArchTest
  static final ArchRule filtersLiveInTheFilterPackage =
      classes()
          .that()
          .implement(GlobalFilter.class)
          .or()
          .implement(WebFilter.class)
          .or()
          .implement(GatewayFilter.class)
          .should()
          .resideInAPackage("dev.tandem.gateway.filter..")
          .because("flow control, auth and canary selection are added there, next to each other");
}
