package dev.detour.graphs;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.detour.router.testing.TimeSeam;
import org.junit.jupiter.api.Test;

/** tool-graphs stays framework-free (STYLE.md, practice 2). */
class ArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.detour.graphs");

    @Test
    void noVertxNettyOrLangChain4j() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "io.netty..", "dev.langchain4j..").check(classes);
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
