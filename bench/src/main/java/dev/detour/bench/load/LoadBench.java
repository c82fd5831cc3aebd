package dev.detour.bench.load;

import dev.detour.bench.load.client.ClosedLoop;
import dev.detour.bench.load.client.LoadResult;
import dev.detour.bench.load.client.OpenLoop;
import dev.detour.bench.load.process.ProcessCpu;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The proxy-overhead load harness (issue 15): the same {@code tools/call} of an {@code echo} tool,
 * through every {@link Route}, in front of two upstreams — the fast Vert.x fixture and a TypeScript
 * SDK one — all in one run, each as a real process on loopback. Per target: a closed-loop warm-up,
 * open-loop phases at fixed rates (coordinated omission corrected), and closed-loop saturation; every
 * figure is reported next to the same family's direct route measured in the same run. See
 * bench/README.md, "Proxy overhead under load".
 *
 * <p>The load generator is one Vert.x event loop (so it takes at most one core); its own CPU per call
 * is reported, so a saturated generator shows.
 */
public final class LoadBench {

    /** How long an open-loop phase waits for the last answers after its last send. */
    static final Duration DRAIN = Duration.ofSeconds(15);
    /** No byte of answer for this long fails a call. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    /** Quiet time before each measured phase. */
    static final Duration SETTLE = Duration.ofMillis(200);
    /** What every call asks the echo tool to return. */
    static final JsonObject ARGUMENTS = new JsonObject().put("text", "hello from the Detour load harness");

    private final LoadOptions options;
    private final PrintStream log;
    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
    private final Context loop = vertx.getOrCreateContext();
    private final java.net.http.HttpClient control = java.net.http.HttpClient.newHttpClient(); // the fixture's control route

    LoadBench(LoadOptions options, PrintStream log) {
        this.options = options;
        this.log = log;
    }

    public static void main(String[] args) {
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        LoadReport report = run(options, System.out);
        System.out.println();
        System.out.println(report.markdown());
        if (options.into() != null) {
            GeneratedSection.write(options.into(), LoadReport.SECTION, report.markdown());
            System.out.println("wrote the tables into " + options.into());
        }
        System.exit(0);
    }

    /** One whole run: starts every process, measures every target, stops everything (unless {@code keepUp}). */
    public static LoadReport run(LoadOptions options, PrintStream log) {
        MachineInfo machine = MachineInfo.capture();
        String node = null;
        if (options.withNode()) {
            log.println("installing / checking the pinned Node peers in " + options.nodeDir());
            NodePeers.install(options.nodeDir());
            node = NodePeers.version(options.nodeDir());
        }
        LoadBench bench = new LoadBench(options, log);
        long starting = System.nanoTime();
        LoadStack stack = LoadStack.start(options);
        Thread stopOnExit = new Thread(stack::close, "load-bench-stop"); // Ctrl-C or SIGTERM: no child left behind
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        try {
            log.printf("started %d processes in %.1f s; logs in %s%n", stack.processes().size(), (System.nanoTime() - starting) / 1e9,
                    options.workDir().resolve("logs"));
            Map<String, String> notMeasured = new LinkedHashMap<>();
            Map<String, TargetResult> results = new LinkedHashMap<>();
            for (int round = 0; round < options.rounds(); round++) {
                for (Target target : stack.targets()) {
                    if (notMeasured.containsKey(target.id())) {
                        continue;
                    }
                    Endpoint endpoint = bench.open(target, notMeasured);
                    if (endpoint != null) {
                        try {
                            results.merge(target.id(), bench.measure(target, endpoint), TargetResult::merge);
                        } finally {
                            bench.onLoop(endpoint::close);
                        }
                    }
                }
            }
            LoadReport report = new LoadReport(options, machine, MachineInfo.loadAverage(), node, List.copyOf(results.values()), notMeasured);
            if (options.keepUp()) {
                keepUp(stack, log);
            }
            return report;
        } finally {
            stack.close();
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run: the processes are being stopped anyway
            }
            bench.control.close();
            bench.vertx.close().await();
        }
    }

    /**
     * Opens {@code target}'s sessions, just before it is measured: a session left idle can change what
     * is measured (Detour's stdio transport stops forwarding after ~30 s idle on two cores — see
     * bench/README.md), and each round starts from fresh sessions. A target whose sessions do not
     * open is left out with the reason in {@code notMeasured}; without its direct route a family has
     * nothing to compare with, so that fails the run.
     */
    private Endpoint open(Target target, Map<String, String> notMeasured) {
        try {
            return onLoop(() -> Endpoint.open(vertx, target.url(), target.route().tool(), ARGUMENTS, options.connections(),
                    options.sessions(), CALL_TIMEOUT));
        } catch (RuntimeException e) {
            if (target.route() == Route.DIRECT) {
                throw new IllegalStateException(target.id() + " (the baseline) did not open: " + e.getMessage(), e);
            }
            log.printf("%-28s not measured: its session did not open: %s%n", target.id(), e.getMessage());
            notMeasured.put(target.id(), "its session did not open: " + e.getMessage());
            return null;
        }
    }

    private TargetResult measure(Target target, Endpoint caller) {
        if (!options.warmup().isZero()) {
            log.printf("%-28s warm-up %.1f s, %d connections%n", target.id(), options.warmup().toMillis() / 1e3, options.connections());
            abandonIfStuck(target, caller, onLoop(() -> ClosedLoop.run(vertx, caller, options.connections(), options.warmup())));
        }
        List<Phase> open = new ArrayList<>();
        for (double rate : options.rates()) {
            Phase phase = phase(target, caller, () -> OpenLoop.run(vertx, caller, rate, options.seconds(), options.maxOutstanding(), DRAIN));
            log.printf("%-28s %,8.0f/s open loop: p50 %.3f ms  p99 %.3f ms  p99.9 %.3f ms  failed %d  not sent %d  generator late ≤ %.1f ms%n",
                    target.id(), rate, phase.result().millis(50), phase.result().millis(99), phase.result().millis(99.9), phase.result().failed(),
                    phase.result().notSent(), phase.result().maxSendLag().toNanos() / 1e6);
            open.add(phase);
        }
        Phase saturation = phase(target, caller, () -> ClosedLoop.run(vertx, caller, options.connections(), options.seconds()));
        log.printf("%-28s saturation: %,.0f calls/s  p50 %.3f ms  p99 %.3f ms  failed %d%n", target.id(), saturation.result().throughput(),
                saturation.result().millis(50), saturation.result().millis(99), saturation.result().failed());
        if (saturation.result().firstFailure() != null) {
            log.println("    first failure: " + abbreviate(saturation.result().firstFailure()));
        }
        return new TargetResult(target, open, saturation);
    }

    /**
     * A target that left calls unanswered has stopped answering (or is too slow to measure): its pool is
     * closed, so its queued calls fail now and its later phases fail fast instead of holding the run.
     */
    private void abandonIfStuck(Target target, Endpoint endpoint, LoadResult result) {
        if (result.unanswered() > 0 && !endpoint.abandoned()) {
            log.printf("%-28s left %d calls unanswered: it stopped answering; its connections are closed and its remaining "
                    + "phases will fail (see %s)%n", target.id(), result.unanswered(), target.server() == null ? "its log" : target.server().log());
            onLoop(endpoint::abandon);
        }
    }

    private Phase phase(Target target, Endpoint endpoint, Supplier<Future<LoadResult>> load) {
        pause(SETTLE); // let the previous phase's stragglers and collections settle
        Duration server = target.serverCpu();
        Duration upstream = target.upstreamCpu();
        Duration generator = ProcessCpu.self();
        long connections = upstreamConnections(target);
        LoadResult result = onLoop(load);
        abandonIfStuck(target, endpoint, result);
        long opened = connections < 0 ? -1 : upstreamConnections(target) - connections;
        return new Phase(result, target.serverCpu().minus(server), target.upstreamCpu().minus(upstream), ProcessCpu.self().minus(generator),
                opened);
    }

    /** Connections the fast fixture has accepted so far, from its control route; -1 when the target has none. */
    private long upstreamConnections(Target target) {
        if (target.upstreamStats() == null) {
            return -1;
        }
        try {
            HttpResponse<String> stats = control.send(HttpRequest.newBuilder(URI.create(target.upstreamStats())).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return new JsonObject(stats.body()).getLong("connections");
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private <T> T onLoop(Supplier<Future<T>> work) {
        Promise<T> done = Promise.promise();
        loop.runOnContext(v -> work.get().onComplete(done));
        return done.future().await();
    }

    private static void keepUp(LoadStack stack, PrintStream log) {
        log.println("--keep-up: every process stays up until you press Enter (attach a profiler by pid; call the URLs yourself):");
        stack.targets().forEach(t -> log.printf("  %-28s %s  tool %s%n", t.id(), t.url(), t.route().tool()));
        stack.processes().forEach(p -> log.printf("  pid %-8d %-28s log %s%n", p.pid(), p.name(), p.log()));
        try {
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            // stdin closed: stop now
        }
    }

    static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
