package dev.detour.health.probe;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Checks one tool's liveness (SPI). The server implements it with MCP {@code ping} or {@code
 * tools/list} against the tool's upstream.
 *
 * <p>Must not block: start the check and complete the stage later. A stage that completes
 * exceptionally, or an exception thrown by {@link #probe}, counts as a failed probe. The {@link
 * ProbeMonitor} enforces {@code timeout} itself on its own clock (a late answer counts as a failure);
 * implementations may also use it to bound their I/O.
 */
@FunctionalInterface
public interface Prober {

    /**
     * @param tool    the tool to check
     * @param timeout how long the monitor waits for the answer
     */
    CompletionStage<ProbeResult> probe(String tool, Duration timeout);
}
