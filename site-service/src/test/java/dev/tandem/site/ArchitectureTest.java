package dev.tandem.site;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.tandem.member.api.MemberService;
import dev.tandem.promotion.api.PromotionService;
import org.apache.dubbo.config.annotation.DubboReference;

@AnalyzeClasses(packages = "dev.tandem.site", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule onlyContractsOfOtherServices =
      noClasses()
          .that()
          .resideInAPackage("dev.tandem.site..")
          .should()
          .dependOnClassesThat(
              resideInAnyPackage("dev.tandem..")
                  .and(
                      not(
                          resideInAnyPackage(
                              "dev.tandem.site..",
                              "dev.tandem.member.api..",
                              "dev.tandem.promotion.api..",
                              "dev.tandem.constraints..",
                              "dev.tandem.platform.."))))
          .because("other services are reached through their api modules, never their insides");

  @ArchTest
  static final ArchRule dubboReferencesLiveInClients =
      fields()
          .that()
          .areAnnotatedWith(DubboReference.class)
          .should()
          .beDeclaredInClassesThat()
          .haveSimpleNameEndingWith("Client")
          .because("one client class per remote service holds its reference and call policy");

  @ArchTest
  static final ArchRule onlyClientsCallMemberService =
      noClasses()
          .that()
          .doNotHaveSimpleName("MemberClient")
          .should()
          .dependOnClassesThat()
          .areAssignableTo(MemberService.class);

  @ArchTest
  static final ArchRule onlyClientsCallPromotionService =
      noClasses()
          .that()
          .doNotHaveSimpleName("PromotionClient")
          .should()
          .dependOnClassesThat()
          .areAssignableTo(PromotionService.class);

  @ArchTest
  static final ArchRule featuresDoNotDependOnEachOtherInCircles =
      slices().matching("dev.tandem.site.(*)..").should().beFreeOfCycles();
}
