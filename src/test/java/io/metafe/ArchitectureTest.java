package io.metafe;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dependency rules of docs/architecture: the build fails when code crosses them. */
class ArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.metafe");

  @Test
  void onlyTheBdbPackageImportsBdbje() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.metafe.journal.bdb..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("com.sleepycat..")
        .check(CLASSES);
  }

  @Test
  void recordsDependOnNothingElseInMetaFe() {
    noClasses()
        .that()
        .resideInAPackage("io.metafe.records..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.metafe.catalog..",
            "io.metafe.journal..",
            "io.metafe.edit..",
            "io.metafe.session..",
            "io.metafe.server..",
            "io.metafe.mysql..",
            "io.metafe.sql..")
        .check(CLASSES);
  }

  @Test
  void timeDependsOnNothingElseInMetaFe() {
    noClasses()
        .that()
        .resideInAPackage("io.metafe.time..")
        .should()
        .dependOnClassesThat()
        .resideOutsideOfPackages("io.metafe.time..", "java..")
        .check(CLASSES);
  }

  /** Reads the machine's clocks or waits with a timeout of its own instead of asking the Clock. */
  private static final DescribedPredicate<JavaMethodCall> BYPASSES_THE_CLOCK =
      DescribedPredicate.describe(
          "bypasses io.metafe.time.Clock (Thread.sleep, System.currentTimeMillis, System.nanoTime,"
              + " Object.wait with a timeout, LockSupport.parkNanos)",
          call -> {
            String owner = call.getTarget().getOwner().getName();
            String name = call.getTarget().getName();
            List<String> params =
                call.getTarget().getRawParameterTypes().stream().map(JavaClass::getName).toList();
            return switch (name) {
              case "sleep" -> owner.equals("java.lang.Thread");
              case "currentTimeMillis", "nanoTime" -> owner.equals("java.lang.System");
              // Object.wait is final, so a wait(long) of any owner is Object's.
              case "wait" ->
                  params.equals(List.of("long")) || params.equals(List.of("long", "int"));
              case "parkNanos", "parkUntil" ->
                  owner.equals("java.util.concurrent.locks.LockSupport");
              default -> false;
            };
          });

  @Test
  void timeIsReadAndWaitedForOnlyThroughTheClock() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.metafe.time..")
        .should()
        .callMethodWhere(BYPASSES_THE_CLOCK)
        .check(CLASSES);
  }

  @Test
  void thePeerProtocolDependsOnNothingElseInMetaFe() {
    noClasses()
        .that()
        .resideInAPackage("io.metafe.peer..")
        .should()
        .dependOnClassesThat()
        .resideOutsideOfPackages("io.metafe.peer..", "java..", "com.fasterxml.jackson..")
        .check(CLASSES);
  }

  @Test
  void theStateMachineIsPure() {
    noClasses()
        .that()
        .resideInAPackage("io.metafe.catalog..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.metafe.journal..",
            "io.metafe.edit..",
            "io.metafe.session..",
            "io.metafe.server..",
            "io.metafe.mysql..",
            "io.metafe.sql..",
            "java.nio.file..",
            "java.net..",
            "org.slf4j..")
        .check(CLASSES);
  }

  @Test
  void theWireProtocolKnowsNothingOfTheCatalogOrSql() {
    noClasses()
        .that()
        .resideInAPackage("io.metafe.mysql..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.metafe.catalog..",
            "io.metafe.records..",
            "io.metafe.sql..",
            "io.metafe.edit..",
            "io.metafe.journal..",
            "io.metafe.session..")
        .check(CLASSES);
  }

  @Test
  void sqlDependsOnlyOnTheTypeVocabulary() {
    noClasses()
        .that()
        .resideInAPackage("io.metafe.sql..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.metafe.catalog..",
            "io.metafe.edit..",
            "io.metafe.journal..",
            "io.metafe.session..",
            "io.metafe.server..",
            "io.metafe.mysql..")
        .check(CLASSES);
  }

  @Test
  void rolesAndHttpDoNotReachIntoSessionsOrBdbje() {
    noClasses()
        .that()
        .resideInAnyPackage("io.metafe.ha..", "io.metafe.http..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.metafe.session..", "io.metafe.mysql..", "io.metafe.journal.bdb..")
        .check(CLASSES);
  }

  @Test
  void imagesKnowOnlyTheCatalogAndTheRecords() {
    noClasses()
        .that()
        .resideInAPackage("io.metafe.image..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.metafe.journal..",
            "io.metafe.edit..",
            "io.metafe.session..",
            "io.metafe.server..",
            "io.metafe.mysql..",
            "io.metafe.sql..",
            "io.metafe.ha..")
        .check(CLASSES);
  }

  @Test
  void checkpointsReachNeitherSessionsNorBdbje() {
    noClasses()
        .that()
        .resideInAPackage("io.metafe.checkpoint..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.metafe.session..",
            "io.metafe.mysql..",
            "io.metafe.sql..",
            "io.metafe.journal.bdb..",
            "io.metafe.http..",
            "io.metafe.ha..")
        .check(CLASSES);
  }

  @Test
  void recoveryReachesNeitherSessionsNorBdbje() {
    noClasses()
        .that()
        .resideInAPackage("io.metafe.recovery..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.metafe.session..",
            "io.metafe.mysql..",
            "io.metafe.sql..",
            "io.metafe.journal..",
            "io.metafe.http..",
            "io.metafe.ha..",
            "io.metafe.edit..")
        .check(CLASSES);
  }

  @Test
  void onlyMainExits() {
    // bin/meta_tool.sh's entry point is a process of its own and must hand its exit status to the
    // script.
    noClasses()
        .that()
        .doNotHaveFullyQualifiedName("io.metafe.server.Main")
        .and()
        .doNotHaveFullyQualifiedName("io.metafe.tool.MetaTool")
        .should()
        .callMethod(System.class, "exit", int.class)
        .check(CLASSES);
  }

  @Test
  void nothingBelowTheServerReachesUpIntoIt() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.metafe.server..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.metafe.server..")
        .check(CLASSES);
  }

  @Test
  void theOfflineToolNeitherStartsANodeNorIsUsedByOne() {
    noClasses()
        .that()
        .resideInAPackage("io.metafe.tool..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.metafe.server..",
            "io.metafe.session..",
            "io.metafe.mysql..",
            "io.metafe.http..",
            "io.metafe.ha..",
            "io.metafe.checkpoint..",
            "io.metafe.recovery..")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("io.metafe.journal.bdb.BdbEnvironment")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("io.metafe.journal.bdb.BdbJournal")
        .check(CLASSES);
    noClasses()
        .that()
        .resideOutsideOfPackage("io.metafe.tool..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.metafe.tool..")
        .check(CLASSES);
  }
}
