package dev.detour.server.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.server.fakes.McpTestClient;
import dev.detour.server.heal.BudgetHint;
import dev.detour.server.mcp.JsonRpc;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One agent's MCP session on an endpoint, as the soak drives it: {@code tools/call} with a budget hint,
 * optionally withdrawn with {@code notifications/cancelled} while it runs. Used by one thread at a time.
 */
final class SoakSession implements AutoCloseable {

    /** One call as the client saw it. */
    record Call(CallOutcome outcome, long nanos, String detail, JsonNode result, boolean cancelled) {}

    private final McpTestClient client;
    private final Duration hangLimit;

    /** Opens a session ({@code initialize} and {@code notifications/initialized}). */
    SoakSession(String url, Duration hangLimit) {
        this.client = new McpTestClient(url);
        this.hangLimit = hangLimit;
        McpTestClient.Reply opened = client.initialize("2025-06-18");
        if (opened.status() != 200) {
            throw new IllegalStateException("initialize at " + url + " answered HTTP " + opened.status() + ": " + opened.body());
        }
    }

    /**
     * Calls {@code tool}; when {@code cancelAfter} is not null, cancels the call that long after sending
     * it (on {@code scheduler}). Waits at most the hang limit for the answer.
     */
    Call call(String tool, ObjectNode arguments, Duration budget, Duration cancelAfter, ScheduledExecutorService scheduler) {
        ObjectNode params = JsonRpc.MAPPER.createObjectNode().put("name", tool);
        params.set("arguments", arguments);
        params.putObject("_meta").put(BudgetHint.META_KEY, budget.toMillis());
        ObjectNode request = client.request("tools/call", params);
        JsonNode id = request.get("id");
        long start = System.nanoTime();
        CompletableFuture<HttpResponse<String>> answer = client.http().sendAsync(post(JsonRpc.encodeToString(request)),
                HttpResponse.BodyHandlers.ofString());
        if (cancelAfter != null) {
            ObjectNode cancel = JsonRpc.MAPPER.createObjectNode().set("requestId", id);
            cancel.put("reason", "soak: the agent changed its mind");
            String notification = JsonRpc.encodeToString(JsonRpc.notification("notifications/cancelled", cancel));
            scheduler.schedule(() -> client.http().sendAsync(post(notification), HttpResponse.BodyHandlers.discarding()),
                    cancelAfter.toNanos(), TimeUnit.NANOSECONDS);
        }
        boolean cancelled = cancelAfter != null;
        try {
            HttpResponse<String> response = answer.get(hangLimit.toNanos(), TimeUnit.NANOSECONDS);
            long nanos = System.nanoTime() - start;
            AnswerCheck.Verdict verdict = AnswerCheck.of(id, new McpTestClient.Reply(response.statusCode(), response.headers(),
                    response.body()), cancelled);
            return new Call(verdict.outcome(), nanos, verdict.detail(), verdict.result(), cancelled);
        } catch (TimeoutException e) {
            answer.cancel(true);
            return new Call(CallOutcome.HUNG, System.nanoTime() - start, tool + " (id " + id + ") had no answer after "
                    + hangLimit.toMillis() + " ms", null, cancelled);
        } catch (ExecutionException e) {
            return new Call(CallOutcome.UNANSWERED, System.nanoTime() - start, tool + " (id " + id + "): the HTTP exchange failed: "
                    + e.getCause(), null, cancelled);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + tool, e);
        }
    }

    /** {@code tools/list}: the tool names the session sees. */
    List<String> toolNames() {
        List<String> names = new ArrayList<>();
        client.rpc("tools/list", JsonRpc.MAPPER.createObjectNode()).response().path("result").path("tools")
                .forEach(t -> names.add(t.path("name").asText()));
        return names;
    }

    private HttpRequest post(String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(client.url()).timeout(hangLimit).POST(HttpRequest.BodyPublishers.ofString(body));
        client.headers(Map.of()).forEach(request::header);
        return request.build();
    }

    /** Ends the session with {@code DELETE}; true when the endpoint confirmed it. */
    boolean end() {
        int status = client.send("DELETE", HttpRequest.BodyPublishers.noBody(), Map.of()).status();
        return status == 200 || status == 204;
    }

    @Override
    public void close() {
        client.http().close();
    }
}
