package dev.tandem.launcher;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The launcher's layers: {@code cluster} is the generic machinery and names no product; each {@code
 * product/NAME} knows only itself and the cluster; the commands ({@code cli}, {@code compose},
 * {@code rules}) sit on top. Adding a product is a folder of its own plus a topology entry.
 */
@AnalyzeClasses(
    packages = "dev.tandem.launcher",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule theClusterNamesNoProductAndNoCommand =
      noClasses()
          .that()
          .resideInAPackage("dev.tandem.launcher.cluster..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.tandem.launcher.product..",
              "dev.tandem.launcher.cli..",
              "dev.tandem.launcher.compose..",
              "dev.tandem.launcher.rules..")
          .because("up, status and the rest walk the topology; products plug in through Product");

  @ArchTest
  static final ArchRule productsDoNotKnowEachOther =
      slices()
          .matching("dev.tandem.launcher.product.(*)..")
          .should()
          .notDependOnEachOther()
          .because("a product is one folder that can be added or removed alone");

  @ArchTest
  static final ArchRule productsDoNotReachUp =
      noClasses()
          .that()
          .resideInAPackage("dev.tandem.launcher.product.*..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.tandem.launcher.cli..",
              "dev.tandem.launcher.compose..",
              "dev.tandem.launcher.rules..")
          .orShould()
          .dependOnClassesThat()
          .haveFullyQualifiedName("dev.tandem.launcher.product.Products")
          .because("commands use products, never the other way round");

  @ArchTest
  static final ArchRule theGuardIsAProgramOfItsOwn =
      noClasses()
          .that()
          .resideInAPackage("dev.tandem.launcher.product.mysql.guard..")
          .should()
          .dependOnClassesThat()
          .resideOutsideOfPackages(
              "dev.tandem.launcher.product.mysql.guard..", "java..", "javax..", "org..", "com..")
          .because("the guard runs beside MariaDB with only its own jars (also in a container)");

  @ArchTest
  static final ArchRule noCycles =
      slices()
          .matching("dev.tandem.launcher.(*)..")
          .should()
          .beFreeOfCycles()
          .because("cli, compose and rules use products; products use the cluster; never back");
}
