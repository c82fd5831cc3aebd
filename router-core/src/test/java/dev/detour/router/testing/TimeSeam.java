package dev.detour.router.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The rule every module's architecture test applies to its main code: time is read only through
 * {@code dev.detour.router.time.Ticker} and waited on only through its {@code Scheduler}, so every
 * window, deadline and monitor interval can run on a {@code ManualClock}.
 */
public final class TimeSeam {

    private TimeSeam() {
    }

    /** No class outside {@code dev.detour.router.time} reads the system clock or arms a JDK timeout of its own. */
    public static ArchRule onlyTheTimeSeamReadsTheClock() {
        return noClasses().that().resideOutsideOfPackage("dev.detour.router.time..")
                .should().callMethod(System.class, "nanoTime")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(Instant.class, "now")
                .orShould().callMethod(CompletableFuture.class, "orTimeout", long.class, TimeUnit.class)
                .orShould().callMethod(CompletableFuture.class, "completeOnTimeout", Object.class, long.class, TimeUnit.class)
                .because("time enters only through the Ticker/Scheduler seam, so tests run on manual time");
    }
}
