package dev.detour.router;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.detour.router.testing.TimeSeam;
import org.junit.jupiter.api.Test;

/** router-core is a plain library: an agent app embeds it without a web server or an LLM client. */
class ArchitectureTest {

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.detour.router");

    @Test
    void dependsOnNoWebFrameworkLlmClientOrJacksonDatabind() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "io.vertx..", "io.netty..", "dev.langchain4j..", "com.fasterxml.jackson.databind..", "io.micrometer.prometheus..")
                .check(CORE);
    }

    @Test
    void theApiDoesNotReachIntoTheInternalPackageExceptThroughTheCompiledGraph() {
        noClasses().that().resideOutsideOfPackages("dev.detour.router.internal..", "dev.detour.router.graph..", "dev.detour.router.route..")
                .should().dependOnClassesThat().resideInAPackage("dev.detour.router.internal..")
                .check(CORE);
    }

    @Test
    void onlyTheTimeSeamReadsTheClock() {
        TimeSeam.onlyTheTimeSeamReadsTheClock().check(CORE);
    }
}
