package dev.tandem.member;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.tandem.member.account.MemberAccount;

@AnalyzeClasses(packages = "dev.tandem", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule featuresDoNotDependOnEachOtherInCycles =
      slices().matching("dev.tandem.member.(*)..").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule onlyTheProviderSeesEveryFeature =
      noClasses()
          .that()
          .resideOutsideOfPackage("dev.tandem.member")
          .and()
          .resideInAPackage("dev.tandem.member..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.tandem.member");

  @ArchTest
  static final ArchRule theContractDependsOnNothingButTheJdkAndBeanValidation =
      classes()
          .that()
          .resideInAPackage("dev.tandem.member.api..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage(
              "dev.tandem.member.api..",
              "dev.tandem.constraints..",
              "java..",
              "jakarta.validation..");

  @ArchTest
  static final ArchRule theDomainRecordKnowsNoFramework =
      noClasses()
          .that()
          .belongToAnyOf(MemberAccount.class)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.springframework..", "org.apache..", "org.redisson..");

  @ArchTest
  static final ArchRule onlyTheShardPackageTalksToShardingSphere =
      noClasses()
          .that()
          .resideOutsideOfPackages("dev.tandem.member.shard..", "dev.tandem.member.account..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.apache.shardingsphere..");

  @ArchTest
  static final ArchRule dubboIsConfinedToTheProvider =
      classes()
          .that()
          .areAnnotatedWith(org.apache.dubbo.config.annotation.DubboService.class)
          .should()
          .resideInAPackage("dev.tandem.member");
}
