package dev.detour.bench.load;

import dev.detour.bench.load.client.LoadResult;
import java.time.Duration;

/**
 * One measured phase of one target, with the CPU each side used during it.
 *
 * @param result       what the load generator saw
 * @param serverCpu    CPU of the process between generator and upstream (Detour, mcp-proxy)
 * @param upstreamCpu  CPU of the upstream (its HTTP process, or the server's stdio children)
 * @param generatorCpu CPU of the load generator's JVM
 * @param upstreamConnections connections the upstream accepted during the phase; -1 when unknown (not the fast HTTP fixture)
 */
public record Phase(LoadResult result, Duration serverCpu, Duration upstreamCpu, Duration generatorCpu, long upstreamConnections) {

    /** CPU microseconds per answered call. */
    public static double microsPerCall(Duration cpu, LoadResult result) {
        long calls = result.sent() - result.notSent();
        return calls == 0 ? 0 : cpu.toNanos() / 1e3 / calls;
    }

    /** This phase and another round's of the same target and load. */
    public Phase merge(Phase other) {
        return new Phase(result.merge(other.result), serverCpu.plus(other.serverCpu), upstreamCpu.plus(other.upstreamCpu),
                generatorCpu.plus(other.generatorCpu),
                upstreamConnections < 0 || other.upstreamConnections < 0 ? -1 : upstreamConnections + other.upstreamConnections);
    }
}
