package dev.detour.bench.faults;

import dev.detour.bench.load.fixture.FaultMode;
import dev.detour.bench.load.process.JavaCommand;
import dev.detour.bench.load.process.ManagedProcess;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * The interchangeable providers behind the logical tool: {@code p1} (the cheapest) … {@code pN}, each
 * a fast upstream fixture in its own process with a nominal latency, switched between fault modes
 * over its control route, killed with SIGKILL and started again on the same port. Counts the
 * {@code tools/call} requests each received, across restarts.
 */
final class Providers implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+/mcp)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final FaultOptions options;
    private final Path logs;
    private final List<ManagedProcess> processes = new ArrayList<>();
    private final List<String> urls = new ArrayList<>();
    private final long[] callsBeforeRestart;
    private final int[] restarts;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1) // no h2c upgrade round trip
            .connectTimeout(Duration.ofSeconds(2)).build();

    private Providers(FaultOptions options, Path logs) {
        this.options = options;
        this.logs = logs;
        this.callsBeforeRestart = new long[options.providers()];
        this.restarts = new int[options.providers()];
    }

    /** Starts every provider (in parallel) and waits until each listens. */
    static Providers start(FaultOptions options, Path logs) {
        Providers providers = new Providers(options, logs);
        try {
            for (int i = 0; i < options.providers(); i++) {
                providers.processes.add(providers.launch(i, 0));
            }
            for (ManagedProcess p : providers.processes) {
                providers.urls.add(p.awaitLine(START_TIMEOUT));
            }
            return providers;
        } catch (RuntimeException e) {
            providers.close();
            throw e;
        }
    }

    private ManagedProcess launch(int index, int port) {
        String name = name(index) + (restarts[index] == 0 ? "" : "-restart-" + restarts[index]);
        return ManagedProcess.start(name, JavaCommand.fixture(options.childJvmOptions(), List.of("--http", "--name", name(index), "--port", "" + port,
                "--event-loops", "1", "--latency-ms", "" + options.latency().toMillis())), logs, LISTENING);
    }

    /** How many providers there are. */
    int count() {
        return processes.size();
    }

    /** Provider {@code index}'s upstream name: {@code p1} is the cheapest. */
    static String name(int index) {
        return "p" + (index + 1);
    }

    /** Provider {@code index}'s MCP URL. */
    String url(int index) {
        return urls.get(index);
    }

    /** Switches provider {@code index} to {@code mode}. */
    void mode(int index, FaultMode mode) {
        send(HttpRequest.newBuilder(control(index, "mode/" + mode.wireName())).POST(HttpRequest.BodyPublishers.noBody()), index);
    }

    /** {@code tools/call} requests each provider received so far (killed processes included), by provider index. */
    long[] toolCalls() {
        return IntStream.range(0, count()).mapToLong(this::toolCalls).toArray();
    }

    private long toolCalls(int index) {
        if (!processes.get(index).isAlive()) {
            return callsBeforeRestart[index];
        }
        String stats = send(HttpRequest.newBuilder(control(index, "stats")).GET(), index);
        return callsBeforeRestart[index] + new JsonObject(stats).getLong("toolCalls");
    }

    /** SIGKILL to provider {@code index}, after reading its counter; returns {@code System.nanoTime()} just before the signal. */
    long kill(int index) {
        callsBeforeRestart[index] = toolCalls(index);
        long now = System.nanoTime();
        processes.get(index).kill();
        return now;
    }

    /** Starts provider {@code index} again on its old port and waits until it listens. */
    void restart(int index) {
        restarts[index]++;
        ManagedProcess process = launch(index, URI.create(urls.get(index)).getPort());
        processes.set(index, process);
        process.awaitLine(START_TIMEOUT);
    }

    private URI control(int index, String path) {
        URI mcp = URI.create(urls.get(index));
        return URI.create("http://" + mcp.getHost() + ":" + mcp.getPort() + "/control/" + path);
    }

    private String send(HttpRequest.Builder request, int index) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(name(index) + " control answered HTTP " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(name(index) + " control route failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        ManagedProcess.closeAll(processes);
        http.close();
    }
}
