package dev.detour.bench.cluster;

import dev.detour.bench.load.GeneratedSection;
import dev.detour.bench.load.MachineInfo;
import dev.detour.bench.load.client.ClosedLoop;
import dev.detour.bench.load.client.LoadResult;
import dev.detour.bench.load.client.McpSession;
import dev.detour.bench.load.fixture.EchoHttpServer;
import dev.detour.bench.load.fixture.EchoProtocol;
import dev.detour.bench.load.process.FreePort;
import dev.detour.graphs.loader.Source;
import dev.detour.router.health.ToolHealth;
import dev.detour.server.cluster.ClusterConfig;
import dev.detour.server.cluster.DetourCluster;
import dev.detour.server.config.ConfigLoader;
import dev.detour.server.config.DetourConfig;
import dev.detour.server.serve.DetourSidecar;
import dev.detour.server.serve.SidecarOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * Health across a cluster (issue 16), two figures in one run, all in this JVM on 127.0.0.1:
 *
 * <ol>
 *   <li><b>Propagation</b>: three real cluster members (Hazelcast TCP/IP join, the event bus between
 *       them over loopback TCP); in each round one member's risk monitor marks a tool unavailable and
 *       the time until each of the other two members' health views has it unavailable is recorded —
 *       and the same for the recovery. The origin takes turns.</li>
 *   <li><b>Cost per call</b>: a real {@link DetourSidecar} with one logical tool over a fast echo
 *       upstream, under the same closed-loop load, alternately on a plain Vert.x (clustering off) and
 *       as the third member of the cluster of the two remaining members (clustering on), after one
 *       unrecorded phase that warms the call path up; the phases of each mode are merged.</li>
 * </ol>
 */
public final class ClusterBench {

    /** The generated section of bench/README.md. */
    public static final String SECTION = "cluster-table";

    private static final String TOOL = "echo_any";
    /** Rounds before the measured ones, not recorded: the JIT and the members' first connections. */
    static final int WARMUP_ROUNDS = 20;
    private static final Duration ROUND_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private ClusterBench() {
    }

    public static void main(String[] args) throws Exception {
        ClusterBenchOptions options;
        try {
            options = ClusterBenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        ClusterReport report = run(options, System.out);
        String markdown = report.markdown(System.getenv().getOrDefault("DETOUR_BENCH_COMMAND", "bench/load-bench.sh cluster"));
        System.out.println();
        System.out.println(markdown);
        if (options.into() != null) {
            GeneratedSection.write(options.into(), SECTION, markdown);
            System.out.println("wrote the tables into " + options.into());
        }
        System.exit(0);
    }

    /** One whole run; everything it started is stopped at the end. */
    static ClusterReport run(ClusterBenchOptions options, PrintStream log) throws Exception {
        MachineInfo machine = MachineInfo.capture();
        List<ClusterConfig.Member> members = List.of(member(), member(), member());
        Vertx harness = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(1));
        List<BenchMember> started = new ArrayList<>();
        try {
            for (ClusterConfig.Member self : members) {
                started.add(BenchMember.start(new ClusterConfig(true, members, self.port())));
            }
            log.println("three members joined; measuring propagation over " + options.rounds() + " rounds");
            Propagation propagation = propagation(started, options.rounds());
            started.removeFirst().close(); // its port is the clustered sidecar's
            EchoHttpServer echo = EchoHttpServer.start(harness, new EchoProtocol("echo"), "127.0.0.1", 0, 1, Duration.ZERO)
                    .await(10, TimeUnit.SECONDS);
            String upstream = "http://127.0.0.1:" + echo.port() + "/mcp";
            DetourConfig alone = load(config(upstream, ClusterConfig.disabled()));
            DetourConfig clustered = load(config(upstream, new ClusterConfig(true, members, members.getFirst().port())));
            log.println("warming up the call path (not recorded)");
            callCost(harness, options, alone, null);
            DetourCluster cluster = DetourCluster.join(clustered.cluster(), "127.0.0.1", new VertxOptions(), new SimpleMeterRegistry())
                    .await(30, TimeUnit.SECONDS);
            LoadResult off = null;
            LoadResult on = null;
            try {
                for (int pair = 1; pair <= options.pairs(); pair++) {
                    log.println("cost per call, pair " + pair + ": clustering off, then on");
                    off = merged(off, callCost(harness, options, alone, null));
                    on = merged(on, callCost(harness, options, clustered, cluster));
                }
            } finally {
                cluster.close().await(10, TimeUnit.SECONDS);
            }
            return new ClusterReport(machine, MachineInfo.loadAverage(), options, propagation, off, on);
        } finally {
            for (BenchMember m : started) {
                m.close();
            }
            harness.close().await(10, TimeUnit.SECONDS);
        }
    }

    /** How long verdicts took to be applied by the two members that did not reach them, per direction. */
    record Propagation(Histogram down, Histogram recovery) {
    }

    private static Propagation propagation(List<BenchMember> members, int rounds) throws Exception {
        Propagation measured = new Propagation(new Histogram(TimeUnit.SECONDS.toNanos(10), 3), new Histogram(TimeUnit.SECONDS.toNanos(10), 3));
        Propagation discarded = new Propagation(new Histogram(TimeUnit.SECONDS.toNanos(10), 3), new Histogram(TimeUnit.SECONDS.toNanos(10), 3));
        for (int round = -WARMUP_ROUNDS; round < rounds; round++) {
            Propagation into = round < 0 ? discarded : measured;
            BenchMember origin = members.get(Math.floorMod(round, members.size()));
            List<BenchMember> others = members.stream().filter(m -> m != origin).toList();
            String tool = "search-" + (round + WARMUP_ROUNDS) + "@bench";
            timed(others, tool, into.down(), () -> origin.risk.flag(tool, ToolHealth.unavailable(""), "bench"));
            timed(others, tool, into.recovery(), () -> origin.risk.clear(tool));
        }
        return measured;
    }

    private static void timed(List<BenchMember> receivers, String tool, Histogram into, Runnable verdict) throws Exception {
        List<CompletableFuture<Long>> applied = receivers.stream().map(r -> r.nextTransition(tool)).toList();
        long start = System.nanoTime();
        verdict.run();
        for (CompletableFuture<Long> at : applied) {
            into.recordValue(Math.max(0, at.get(ROUND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) - start));
        }
    }

    /** A sidecar on a plain Vert.x ({@code cluster} null) or on {@code cluster}'s, under closed-loop load: warm-up, then measured. */
    private static LoadResult callCost(Vertx harness, ClusterBenchOptions options, DetourConfig config, DetourCluster cluster) throws Exception {
        Vertx plain = cluster == null ? Vertx.vertx() : null;
        SidecarOptions sidecarOptions = SidecarOptions.builder().adminPort(0).build();
        DetourSidecar sidecar = (cluster == null ? DetourSidecar.start(plain, config, sidecarOptions) : DetourSidecar.start(cluster, config, sidecarOptions))
                .await(30, TimeUnit.SECONDS);
        Context loop = harness.getOrCreateContext();
        HttpClient client = harness.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(options.workers()).setMaxWaitQueueSize(-1));
        try {
            McpSession session = onLoop(loop, () -> McpSession.open(client, URI.create(sidecar.url()), TOOL, new JsonObject().put("text", "hello"),
                    null, CALL_TIMEOUT));
            onLoop(loop, () -> ClosedLoop.run(harness, session::call, options.workers(), options.warmup()));
            return onLoop(loop, () -> ClosedLoop.run(harness, session::call, options.workers(), options.seconds()));
        } finally {
            client.close().await(10, TimeUnit.SECONDS);
            sidecar.stop().await(30, TimeUnit.SECONDS);
            if (plain != null) {
                plain.close().await(10, TimeUnit.SECONDS);
            }
        }
    }

    static String config(String upstream, ClusterConfig cluster) {
        String clusterSection = !cluster.enabled() ? "" : """
                cluster:
                  enabled: true
                  members: [%s]
                  port: %d
                """.formatted(String.join(", ", cluster.members().stream().map(ClusterConfig.Member::toString).toList()), cluster.port());
        return """
                upstreams:
                  echo: {url: "%s"}
                logicalTools:
                  %s:
                    description: Echo, through Detour's healing path.
                    inputSchema: {type: object, properties: {text: {type: string}}, required: [text]}
                    annotations: {readOnlyHint: true}
                    providers:
                      - {upstream: echo, tool: echo, cost: 1}
                """.formatted(upstream, TOOL) + clusterSection;
    }

    private static LoadResult merged(LoadResult so, LoadResult more) {
        return so == null ? more : so.merge(more);
    }

    private static DetourConfig load(String text) {
        return ConfigLoader.load(Source.text("cluster-bench.yaml", text));
    }

    private static ClusterConfig.Member member() {
        return new ClusterConfig.Member("127.0.0.1", FreePort.pick());
    }

    private static <T> T onLoop(Context loop, Supplier<Future<T>> work) throws Exception {
        Promise<T> done = Promise.promise();
        loop.runOnContext(v -> work.get().onComplete(done));
        return done.future().await(5, TimeUnit.MINUTES);
    }

    static String micros(Histogram h, double percentile) {
        return String.format(Locale.ROOT, "%,.0f µs", h.getValueAtPercentile(percentile) / 1_000.0);
    }
}
