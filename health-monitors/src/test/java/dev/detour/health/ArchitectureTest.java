package dev.detour.health;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.detour.router.testing.TimeSeam;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.detour.health");

    @Test
    void healthMonitorsDoNotDependOnVertx() {
        noClasses().should().dependOnClassesThat().resideInAPackage("io.vertx..").check(MAIN);
    }

    @Test
    void timeComesOnlyFromTheInjectedClocks() {
        TimeSeam.onlyTheTimeSeamReadsTheClock().check(MAIN);
    }

    @Test
    void monitorsDoNotReachIntoEachOther() {
        String[] monitors = {"breaker", "outlier", "latency", "probe", "risk"};
        for (String m : monitors) {
            for (String other : monitors) {
                if (!m.equals(other)) {
                    noClasses().that().resideInAPackage("dev.detour.health." + m + "..")
                            .should().dependOnClassesThat().resideInAPackage("dev.detour.health." + other + "..")
                            .check(MAIN);
                }
            }
        }
    }
}
