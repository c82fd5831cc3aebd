package dev.detour.server;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.detour.router.testing.TimeSeam;
import org.junit.jupiter.api.Test;

/** The server reads time like the libraries do: through the injected ticker and scheduler. */
class ArchitectureTest {

    private static final JavaClasses SERVER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.detour.server");

    @Test
    void onlyTheTimeSeamReadsTheClock() {
        TimeSeam.onlyTheTimeSeamReadsTheClock().check(SERVER);
    }
}
