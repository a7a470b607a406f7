package dev.tandem.promotion;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.tandem.member.api.MemberService;
import dev.tandem.promotion.promotion.StoredPromotion;
import org.apache.dubbo.config.annotation.DubboReference;
import org.springframework.beans.factory.annotation.Autowired;

@AnalyzeClasses(
    packages = {"dev.tandem.promotion", "dev.tandem.member.api", "dev.tandem.constraints"},
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule contractsDependOnNothingOfOursButTheSharedConstraints =
      noClasses()
          .that()
          .resideInAnyPackage(
              "dev.tandem.promotion.api..", "dev.tandem.member.api..", "dev.tandem.constraints..")
          .should()
          .dependOnClassesThat()
          .resideOutsideOfPackages(
              "dev.tandem.promotion.api..",
              "dev.tandem.member.api..",
              "dev.tandem.constraints..",
              "java..",
              "jakarta.validation..");

  @ArchTest
  static final ArchRule theSharedConstraintsDependOnNoContract =
      noClasses()
          .that()
          .resideInAPackage("dev.tandem.constraints..")
          .should()
          .dependOnClassesThat()
          .resideOutsideOfPackages("dev.tandem.constraints..", "java..", "jakarta.validation..");

  @ArchTest
  static final ArchRule featuresDoNotDependOnEachOtherInCircles =
      slices().matching("dev.tandem.promotion.(*)..").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule onlyTheMemberClientCallsMemberService =
      noClasses()
          .that()
          .resideOutsideOfPackage("dev.tandem.promotion.member..")
          .and()
          .resideOutsideOfPackage("dev.tandem.member.api..")
          .should()
          .dependOnClassesThat()
          .areAssignableTo(MemberService.class);

  @ArchTest
  static final ArchRule noSpringInDomainRecords =
      noClasses()
          .that()
          .resideInAPackage("dev.tandem.promotion.api..")
          .or()
          .belongToAnyOf(StoredPromotion.class)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.springframework..", "org.apache.dubbo..");

  @ArchTest
  static final ArchRule constructorInjectionOnly =
      noFields()
          .should()
          .beAnnotatedWith(Autowired.class)
          .because("dependencies are final fields set by the constructor");

  @ArchTest
  static final ArchRule dubboReferencesLiveInClientClasses =
      fields()
          .that()
          .areAnnotatedWith(DubboReference.class)
          .should()
          .beDeclaredInClassesThat()
          .haveSimpleNameEndingWith("Client")
          .because("one client class per remote service holds its reference");
}
