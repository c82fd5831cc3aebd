package dev.detour.bench.faults;

import dev.detour.bench.load.GeneratedSection;
import dev.detour.bench.load.MachineInfo;
import dev.detour.bench.load.client.Caller;
import dev.detour.bench.load.client.McpSession;
import dev.detour.bench.load.process.JavaCommand;
import dev.detour.bench.load.process.ManagedProcess;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Faults under load (issue 15): a real {@code detour serve} with one logical tool over N providers,
 * each its own fixture process, under steady open-loop load; then, one after another, a hard kill,
 * a hang, a 10× slowdown, an error burst, flapping, and every provider failing, each healed before
 * the next. Per fault: the failures the client saw, the time to the first reroute, the time back to
 * the cheapest provider after the heal, and upstream calls per client call. See bench/README.md,
 * "Faults under load".
 */
public final class FaultBench {

    /** The logical tool the load calls. */
    static final String LOGICAL_TOOL = "echo_any";
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+/mcp)");

    private FaultBench() {
    }

    /** Provider {@code index}'s cost: 10, 15, 20, … — far enough apart that a latency penalty of 2 reorders them. */
    static int cost(int index) {
        return 10 + 5 * index;
    }

    public static void main(String[] args) throws IOException {
        FaultOptions options;
        try {
            options = FaultOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        FaultReport report = run(options, System.out);
        System.out.println();
        System.out.println(report.markdown());
        if (options.into() != null) {
            GeneratedSection.write(options.into(), FaultReport.SECTION, report.markdown());
            System.out.println("wrote the table into " + options.into());
        }
        System.exit(0);
    }

    /** One whole run: providers, Detour, every fault in turn; everything stopped at the end. */
    static FaultReport run(FaultOptions options, PrintStream log) {
        MachineInfo machine = MachineInfo.capture();
        Path logs = options.workDir().resolve("logs");
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        Context loop = vertx.getOrCreateContext();
        try (Providers providers = Providers.start(options, logs);
                ManagedProcess detour = ManagedProcess.start("detour-serve", JavaCommand.detour(options.jar(), options.detourClassPath(),
                        jvmOptions(options), List.of("serve", "--config", writeConfig(options, providers).toString(), "--admin-port", "0",
                                "--reload-millis", "0")), logs, LISTENING)) {
            Thread stopOnExit = new Thread(() -> { // Ctrl-C or SIGTERM: no child left behind
                detour.close();
                providers.close();
            }, "fault-bench-stop");
            Runtime.getRuntime().addShutdownHook(stopOnExit);
            try {
                return measure(options, log, machine, logs, vertx, loop, providers, detour);
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(stopOnExit);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running or has run
                }
            }
        } finally {
            vertx.close().await();
        }
    }

    private static FaultReport measure(FaultOptions options, PrintStream log, MachineInfo machine, Path logs, Vertx vertx, Context loop,
            Providers providers, ManagedProcess detour) {
        String url = detour.awaitLine(Duration.ofSeconds(60));
        log.println("detour serve at " + url + " over " + providers.count() + " providers; logs in " + logs);
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(64).setMaxWaitQueueSize(-1));
        JsonObject meta = new JsonObject().put("dev.detour/budget", options.budget().toMillis());
        McpSession session = onLoop(loop, () -> McpSession.open(client, URI.create(url), LOGICAL_TOOL,
                new JsonObject().put("text", "fault harness"), meta, options.budget().multipliedBy(2).plusSeconds(5)));
        Caller caller = session::call;
        if (!options.warmup().isZero()) {
            RecordingLoad warmup = RecordingLoad.start(vertx, loop, caller, options.rate());
            pause(options.warmup());
            warmup.stop().await();
        }
        FaultRun run = new FaultRun(options, providers, vertx, loop, caller, log);
        List<FaultResult> results = new ArrayList<>();
        for (FaultKind kind : options.faults()) {
            FaultResult result = run.run(kind);
            log.printf("%-12s calls %d, failures %d %s, first reroute %s, back on p1 %s / %s, upstream calls per call %.2f during the "
                    + "fault, %.2f overall %s, generator late ≤ %s%n", kind.id(), result.calls(), result.failures(), result.failureCategories(),
                    result.firstReroute(), result.firstBackOnCheap(), result.allBackOnCheap(), result.faultAmplification(), result.amplification(),
                    result.upstreamCalls(), result.maxGeneratorLag());
            results.add(result);
        }
        return new FaultReport(options, machine, MachineInfo.loadAverage(), results);
    }

    private static List<String> jvmOptions(FaultOptions options) {
        List<String> jvm = new ArrayList<>(options.childJvmOptions());
        jvm.addAll(options.detourJvmOptions());
        return jvm;
    }

    private static Path writeConfig(FaultOptions options, Providers providers) {
        StringBuilder yaml = new StringBuilder("# detour serve for the fault harness: one logical tool over interchangeable providers.\n"
                + "upstreams:\n");
        for (int i = 0; i < providers.count(); i++) {
            yaml.append("  ").append(Providers.name(i)).append(": {url: \"").append(providers.url(i)).append("\"}\n");
        }
        yaml.append("logicalTools:\n  ").append(LOGICAL_TOOL).append(":\n").append("""
                    description: Echo, from whichever provider is healthy.
                    inputSchema: {type: object, properties: {text: {type: string}}, required: [text]}
                    annotations: {readOnlyHint: true}
                    providers:
                """);
        for (int i = 0; i < providers.count(); i++) {
            yaml.append("      - {upstream: ").append(Providers.name(i)).append(", tool: echo, cost: ").append(cost(i)).append("}\n");
        }
        yaml.append(options.monitors().strip()).append('\n');
        try {
            Path dir = options.workDir().resolve("config").toAbsolutePath();
            Files.createDirectories(dir);
            return Files.writeString(dir.resolve("detour.yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static <T> T onLoop(Context loop, Supplier<Future<T>> work) {
        Promise<T> done = Promise.promise();
        loop.runOnContext(v -> work.get().onComplete(done));
        return done.future().await();
    }
}
