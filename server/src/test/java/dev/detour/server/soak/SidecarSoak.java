package dev.detour.server.soak;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.router.health.ToolHealth;
import dev.detour.server.config.DetourConfig;
import dev.detour.server.config.LogicalToolConfig;
import dev.detour.server.demo.DemoConfig;
import dev.detour.server.demo.DemoUpstreams;
import dev.detour.server.demo.Fault;
import dev.detour.server.fakes.TestVertx;
import dev.detour.server.mcp.JsonRpc;
import dev.detour.server.serve.DetourSidecar;
import dev.detour.server.serve.SidecarOptions;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * A soak of {@code detour serve}: a real {@link DetourSidecar} in front of the {@link DemoUpstreams}
 * on loopback, driven by concurrent agent sessions through a seeded chaos schedule (faults, compound
 * outages, hot reloads, client cancellations), with a direct-to-upstream latency baseline measured in
 * the same run. Not a unit test (it is a measurement); run it with
 * {@code java -cp … dev.detour.server.soak.SidecarSoak [--seconds 60] [--clients 32] [--seed N]}, or
 * {@code ./mvnw -pl server verify -Psoak -Dsoak.seconds=60}. Exits 1 when an invariant broke:
 * <ol>
 *   <li>every request got exactly one response, within twice its budget plus slack;</li>
 *   <li>every answer is a success, a DEMOTED goal-tool result, an {@code isError} result with a SERF
 *       object, or (for a cancelled call) the cancellation error;</li>
 *   <li>every StepFailed in the route journal is resolved by exactly one Rerouted, Demoted or Escalated;</li>
 *   <li>after the final "heal everything", web_search returns to its cheap provider, search_a;</li>
 *   <li>the heap after a second identical phase (sessions ended, full GC) is not above the heap after
 *       the first by more than the limit, and every session the load opened was ended.</li>
 * </ol>
 */
@CommandLine.Command(name = "sidecar-soak", mixinStandardHelpOptions = true, description = "Soak a Detour sidecar in front of the demo upstreams.")
public final class SidecarSoak implements Callable<Integer> {

    /**
     * What heal-all came to in one phase.
     *
     * @param cheapMillis from heal-all to the first web_search answered by search_a again; -1 if not within the limit
     * @param unhealthy   the routed tools not reading healthy at that moment, with their health
     */
    record Recovery(long cheapMillis, Map<String, String> unhealthy) {}

    /** The soak's mix of healing calls, by weight. */
    private record Mixed(String tool, int weight, String argument) {}

    private static final List<Mixed> MIX = List.of(
            new Mixed("web_search", 35, "query"),
            new Mixed("geocode", 25, "address"),
            new Mixed("research", 15, "topic"),
            new Mixed("trip_brief", 10, "city"),
            new Mixed("city_snapshot", 15, "city"));
    private static final Set<String> HEALING_TOOLS = Set.of("web_search", "geocode", "research", "trip_brief", "city_snapshot");
    private static final String[] WORDS = {"Berlin", "Lisbon", "Osaka", "Quito", "model context protocol", "graph routing"};

    @CommandLine.Option(names = "--seconds", description = "total load time, split into two identical phases (default: ${DEFAULT-VALUE})")
    private int seconds = 60;

    @CommandLine.Option(names = "--clients", description = "concurrent agent sessions (default: ${DEFAULT-VALUE})")
    private int clients = SoakOptions.DEFAULT_CLIENTS;

    @CommandLine.Option(names = "--seed", description = "chaos and call-mix seed (default: ${DEFAULT-VALUE})")
    private long seed = SoakOptions.DEFAULT_SEED;

    /**
     * The JDK HTTP server behind the demo upstreams closes a connection that would make it hold more
     * than {@value #JDK_IDLE_CONNECTIONS_PROPERTY} idle (200 by default) right after answering on it;
     * Detour's upstream pool keeps up to 256 per host, reuses such a connection at once and sees
     * "Connection was closed". Raised by default so the figures measure Detour, not that cap;
     * {@code --upstream-idle-connections 200} reproduces it (bench/README.md, "Sidecar soak").
     */
    static final String JDK_IDLE_CONNECTIONS_PROPERTY = "sun.net.httpserver.maxIdleConnections";

    @CommandLine.Option(names = "--upstream-idle-connections", description = "idle connections the demo upstreams' JDK HTTP server keeps"
            + " (its default: 200; default here: ${DEFAULT-VALUE})")
    private int upstreamIdleConnections = 1024;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SidecarSoak()).execute(args));
    }

    @Override
    public Integer call() {
        // read once, when the JDK's HTTP server class is first loaded: the demo upstreams below are its first use
        System.setProperty(JDK_IDLE_CONNECTIONS_PROPERTY, Integer.toString(upstreamIdleConnections));
        SoakReport report = run(SoakOptions.builder().total(Duration.ofSeconds(seconds)).clients(clients).seed(seed).build());
        report.print(System.out);
        return report.passed() ? 0 : 1;
    }

    /** Runs the whole soak: baseline, two phases with recovery checks, the journal and heap checks, a graceful stop. */
    public static SoakReport run(SoakOptions options) {
        Vertx vertx = Vertx.vertx();
        try (DemoUpstreams upstreams = DemoUpstreams.start()) {
            DetourConfig base = DemoConfig.load(upstreams);
            DetourSidecar sidecar = TestVertx.await(DetourSidecar.start(vertx, base,
                    SidecarOptions.builder().journalCapacity(options.journalCapacity()).adminPort(0).build()));
            return new SidecarSoak.Run(options, upstreams, sidecar, base).soak();
        } finally {
            TestVertx.await(vertx.close());
        }
    }

    /** One soak's state. */
    private static final class Run {
        private final SoakOptions options;
        private final DemoUpstreams upstreams;
        private final DetourSidecar sidecar;
        private final DetourConfig base;
        private final CallTally tally = new CallTally();
        private final AtomicLong reloads = new AtomicLong();
        private final AtomicLong sessionsOpened = new AtomicLong();
        private final AtomicLong sessionsEnded = new AtomicLong();
        private final List<String> chaosFailures = new ArrayList<>();

        Run(SoakOptions options, DemoUpstreams upstreams, DetourSidecar sidecar, DetourConfig base) {
            this.options = options;
            this.upstreams = upstreams;
            this.sidecar = sidecar;
            this.base = base;
        }

        SoakReport soak() {
            LatencyBaseline.Figures baseline = LatencyBaseline.measure(upstreams.url("search_a"), sidecar.url(), options);
            List<String> passThrough;
            try (SoakSession probe = new SoakSession(sidecar.url(), options.hangLimit())) {
                passThrough = probe.toolNames().stream().filter(t -> !HEALING_TOOLS.contains(t)).toList();
                probe.end();
            }
            ChaosSchedule schedule = ChaosSchedule.plan(options, options.phase(), options.seed());
            long loadNanos = 0;
            List<Recovery> recovery = new ArrayList<>();

            long t0 = System.nanoTime();
            phase(schedule, passThrough);
            loadNanos += System.nanoTime() - t0;
            recovery.add(recover());
            cheapAnswers(); // the same calls after each phase, so phase 2 starts as phase 1 did
            long heap1 = heapAfterGc();

            long t1 = System.nanoTime();
            phase(schedule, passThrough);
            loadNanos += System.nanoTime() - t1;
            recovery.add(recover());
            int cheap = cheapAnswers();
            long heap2 = heapAfterGc();

            JournalCheck journal = JournalCheck.of(sidecar.journal().recent());
            String metrics = scrape(sidecar.adminUrl() + "/metrics");
            long stopStart = System.nanoTime();
            TestVertx.await(sidecar.stop());
            long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopStart);

            List<SoakReport.Invariant> invariants = List.of(
                    new SoakReport.Invariant("1 one response per request", tally.sentCount() == tally.answered()
                            && tally.count(CallOutcome.HUNG) == 0 && chaosFailures.isEmpty(),
                            "sent " + tally.sentCount() + ", answered " + tally.answered() + ", hung " + tally.count(CallOutcome.HUNG)
                                    + ", across " + reloads.get() + " reloads" + (chaosFailures.isEmpty() ? "" : "; chaos failed: " + chaosFailures)),
                    new SoakReport.Invariant("2 only success / DEMOTED / SERF error / cancellation", tally.count(CallOutcome.VIOLATION) == 0,
                            tally.count(CallOutcome.VIOLATION) + " other answers"),
                    new SoakReport.Invariant("3 every StepFailed resolved exactly once", journal.passed(),
                            journal.failures() + " judged (journal of " + options.journalCapacity() + " events), " + journal.problemCount()
                                    + " problems"),
                    new SoakReport.Invariant("4 traffic back on the cheap provider", cheap == options.cheapCalls(),
                            cheap + " of the last " + options.cheapCalls() + " web_search calls answered by search_a (first one "
                                    + recovery.getLast().cheapMillis() + " ms after heal-all)"),
                    new SoakReport.Invariant("5 no leak", heap2 - heap1 <= options.heapGrowthLimit() && sessionsEnded.get() == sessionsOpened.get(),
                            String.format("heap growth over phase 2 %+.1f MB (limit %.1f MB); sessions ended %d of %d",
                                    (heap2 - heap1) / 1048576.0, options.heapGrowthLimit() / 1048576.0, sessionsEnded.get(),
                                    sessionsOpened.get())));
            return new SoakReport(options, loadNanos / 1e9, tally, baseline, passThrough, schedule.injections(), reloads.get(),
                    sum(metrics, "detour_reroutes_total"), sum(metrics, "detour_demotions_total"), sum(metrics, "detour_escalations_total"),
                    journal, recovery, cheap, heap1, heap2, sessionsOpened.get(), sessionsEnded.get(), stopMillis, invariants);
        }

        /** One load phase under {@code schedule}; returns once every client has ended its session. */
        private void phase(ChaosSchedule schedule, List<String> passThrough) {
            ScheduledExecutorService chaos = Executors.newScheduledThreadPool(1, Thread.ofVirtual().name("soak-chaos").factory());
            ScheduledExecutorService cancels = Executors.newScheduledThreadPool(1, Thread.ofVirtual().name("soak-cancel").factory());
            for (ChaosSchedule.Action action : schedule.actions()) {
                chaos.schedule(() -> act(action), action.at().toNanos(), TimeUnit.NANOSECONDS);
            }
            long deadline = System.nanoTime() + options.phase().toNanos();
            SplittableRandom seeds = new SplittableRandom(options.seed());
            List<Future<?>> agents = new ArrayList<>();
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int c = 0; c < options.clients(); c++) {
                    SplittableRandom random = seeds.split();
                    agents.add(threads.submit(() -> agent(random, deadline, passThrough, cancels)));
                }
                // a client's last call may start just before the deadline and take up to the hang limit
                long end = deadline + options.hangLimit().plusSeconds(10).toNanos();
                for (Future<?> agent : agents) {
                    agent.get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
                }
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("a soak client failed or did not finish", e instanceof ExecutionException ? e.getCause() : e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                chaos.shutdownNow();
                cancels.shutdown();
                awaitQuietly(chaos);
                awaitQuietly(cancels);
            }
            upstreams.healAll();
        }

        private void act(ChaosSchedule.Action action) {
            try {
                switch (action) {
                    case ChaosSchedule.Inject i -> upstreams.inject(i.upstream(), i.fault());
                    case ChaosSchedule.Heal h -> upstreams.inject(h.upstream(), Fault.HEALTHY);
                    case ChaosSchedule.Reload r -> {
                        sidecar.apply(tweaked(base, r.generation()));
                        reloads.incrementAndGet();
                    }
                }
            } catch (RuntimeException e) {
                synchronized (chaosFailures) {
                    chaosFailures.add(action + ": " + e);
                }
            }
        }

        /** One agent session, calling until the deadline. */
        private void agent(SplittableRandom random, long deadline, List<String> passThrough, ScheduledExecutorService cancels) {
            try (SoakSession session = new SoakSession(sidecar.url(), options.hangLimit())) {
                sessionsOpened.incrementAndGet();
                int total = MIX.stream().mapToInt(Mixed::weight).sum() + (passThrough.isEmpty() ? 0 : 10);
                while (System.nanoTime() < deadline) {
                    int pick = random.nextInt(total);
                    String tool = null;
                    String argument = null;
                    for (Mixed m : MIX) {
                        if (pick < m.weight()) {
                            tool = m.tool();
                            argument = m.argument();
                            break;
                        }
                        pick -= m.weight();
                    }
                    ObjectNode arguments = JsonRpc.MAPPER.createObjectNode();
                    if (tool == null) {
                        tool = passThrough.get(random.nextInt(passThrough.size()));
                    } else {
                        arguments.put(argument, WORDS[random.nextInt(WORDS.length)]);
                    }
                    Duration cancelAfter = random.nextDouble() < options.cancelShare()
                            ? Duration.ofNanos(random.nextLong(options.maxCancelDelay().toNanos() + 1)) : null;
                    tally.markSent();
                    tally.record(tool, session.call(tool, arguments, options.budget(), cancelAfter, cancels));
                }
                if (session.end()) {
                    sessionsEnded.incrementAndGet();
                }
            }
        }

        /**
         * After heal-all: web_search until search_a answers it again, within the recovery limit; the
         * milliseconds that took, and the tools that did not read healthy then (no waiting for them: a
         * half-open breaker closes only on calls that reach its tool).
         */
        private Recovery recover() {
            long start = System.nanoTime();
            long limit = start + options.recoveryLimit().toNanos();
            long cheapMillis = -1;
            try (SoakSession session = new SoakSession(sidecar.url(), options.hangLimit())) {
                while (cheapMillis < 0 && System.nanoTime() < limit) {
                    SoakSession.Call call = session.call("web_search", query(), options.budget(), null, null);
                    if ("search_a".equals(AnswerCheck.answeredBy(call.result()))) {
                        cheapMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                    }
                }
                session.end();
            }
            return new Recovery(cheapMillis, unhealthy());
        }

        private Map<String, String> unhealthy() {
            Map<String, String> unhealthy = new TreeMap<>();
            sidecar.health().snapshot().forEach((tool, health) -> {
                if (!ToolHealth.healthy().equals(health)) {
                    unhealthy.put(tool, health.toString());
                }
            });
            return unhealthy;
        }

        /** Of {@code cheapCalls} web_search calls, how many search_a answered. */
        private int cheapAnswers() {
            int cheap = 0;
            try (SoakSession session = new SoakSession(sidecar.url(), options.hangLimit())) {
                for (int i = 0; i < options.cheapCalls(); i++) {
                    if ("search_a".equals(AnswerCheck.answeredBy(session.call("web_search", query(), options.budget(), null, null).result()))) {
                        cheap++;
                    }
                }
                session.end();
            }
            return cheap;
        }

        private static ObjectNode query() {
            return JsonRpc.MAPPER.createObjectNode().put("query", "model context protocol");
        }
    }

    /**
     * The demo config with search_b's cost raised by {@code generation}: a reload that changes the
     * healing tools (they are rebuilt) but not which provider is cheapest.
     */
    static DetourConfig tweaked(DetourConfig base, int generation) {
        List<LogicalToolConfig> tools = base.logicalTools().stream()
                .map(t -> new LogicalToolConfig(t.name(), t.description(), t.inputSchema(), t.hints(), t.providers().stream()
                        .map(p -> "search_b".equals(p.binding().upstream()) ? new LogicalToolConfig.Provider(p.binding(), p.cost() + generation) : p)
                        .toList()))
                .toList();
        return new DetourConfig(base.source(), base.upstreams(), tools, base.goalTools(), base.monitors(), base.routing(), base.passThrough(),
                base.llm(), base.auth(), base.policy(), base.limits(), base.audit(), base.admin(), base.cluster());
    }

    /** Heap in use after full collections, once the count stops falling (bytes). */
    static long heapAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            long now = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            if (now >= used) {
                return Math.min(now, used);
            }
            used = now;
        }
        return used;
    }

    private static final Pattern SAMPLE = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{[^}]*})? (\\S+)");

    /** The sum of every sample of metric {@code name} in a Prometheus scrape. */
    static double sum(String scrape, String name) {
        double total = 0;
        Matcher m = SAMPLE.matcher(scrape);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                total += Double.parseDouble(m.group(2));
            }
        }
        return total;
    }

    private static String scrape(String url) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new IllegalStateException("GET " + url + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void awaitQuietly(ExecutorService executor) {
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
