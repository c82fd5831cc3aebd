package dev.detour.server.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Reading what a `detour` child process prints, never waiting unbounded. */
final class ProcessOutput {

    private ProcessOutput() {
    }

    /** The next line on {@code out}, waiting at most {@code atMost}. */
    static String nextLine(BufferedReader out, Duration atMost) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).get(atMost.toMillis(), TimeUnit.MILLISECONDS);
    }
}
