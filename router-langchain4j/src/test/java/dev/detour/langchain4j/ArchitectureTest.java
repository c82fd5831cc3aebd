package dev.detour.langchain4j;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.detour.router.testing.TimeSeam;
import org.junit.jupiter.api.Test;

/** router-langchain4j: no Vert.x, no router internals, time only through the seam (STYLE.md, practices 2 and 14). */
class ArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.detour.langchain4j");

    @Test
    void noVertxOrNetty() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "io.netty..").check(classes);
    }

    @Test
    void noRouterInternals() {
        noClasses().should().dependOnClassesThat().resideInAPackage("dev.detour.router.internal..").check(classes);
    }

    @Test
    void onlyTheTimeSeamReadsTheClock() {
        TimeSeam.onlyTheTimeSeamReadsTheClock().check(classes);
    }
}
