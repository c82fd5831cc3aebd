package dev.detour.bench.load.client;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One MCP session (Streamable HTTP, revision {@value #REVISION}) over a shared Vert.x
 * {@link HttpClient}: {@code initialize}, {@code notifications/initialized}, then {@code tools/call}s
 * of one tool with fixed arguments, any number at once (each with its own id, over whatever pooled
 * connection is free). Use it from the event loop it was opened on.
 */
public final class McpSession {

    /** The protocol revision the harness speaks. */
    public static final String REVISION = "2025-06-18";

    private final HttpClient client;
    private final RequestOptions post;
    private final String callPrefix;
    private final String callSuffix;
    private final AtomicLong ids = new AtomicLong(1);

    private McpSession(HttpClient client, RequestOptions post, String tool, JsonObject arguments, JsonObject meta) {
        this.client = client;
        this.post = post;
        JsonObject params = new JsonObject().put("name", tool).put("arguments", arguments);
        if (meta != null && !meta.isEmpty()) {
            params.put("_meta", meta);
        }
        this.callPrefix = "{\"jsonrpc\":\"2.0\",\"id\":";
        this.callSuffix = ",\"method\":\"tools/call\",\"params\":" + params.encode() + "}";
    }

    /**
     * Opens a session at {@code url} whose calls invoke {@code tool} with {@code arguments} and, when
     * not null, {@code params._meta} = {@code meta}. Each call gives up after {@code callTimeout}
     * without a byte of answer.
     */
    public static Future<McpSession> open(HttpClient client, URI url, String tool, JsonObject arguments, JsonObject meta,
            Duration callTimeout) {
        RequestOptions post = new RequestOptions().setMethod(HttpMethod.POST).setHost(url.getHost()).setPort(url.getPort())
                .setURI(url.getRawPath()).setIdleTimeout(callTimeout.toMillis());
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add(HttpHeaders.CONTENT_TYPE, "application/json")
                .add(HttpHeaders.ACCEPT, "application/json, text/event-stream");
        post.setHeaders(headers);
        JsonObject initialize = new JsonObject().put("jsonrpc", "2.0").put("id", 0).put("method", "initialize")
                .put("params", new JsonObject().put("protocolVersion", REVISION).put("capabilities", new JsonObject())
                        .put("clientInfo", new JsonObject().put("name", "detour-load-bench").put("version", "1.0")));
        return exchange(client, post, initialize.encode()).compose(answer -> {
            if (answer.status() != 200 || answer.response() == null || !answer.response().containsKey("result")) {
                return Future.failedFuture("initialize at " + url + " answered HTTP " + answer.status() + ": " + answer.body());
            }
            return Future.succeededFuture(answer);
        }).compose(answer -> {
            String sessionId = answer.sessionId();
            MultiMap session = MultiMap.caseInsensitiveMultiMap().addAll(headers).add("MCP-Protocol-Version", REVISION);
            if (sessionId != null) {
                session.add("Mcp-Session-Id", sessionId);
            }
            RequestOptions inSession = new RequestOptions(post).setHeaders(session);
            String initialized = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";
            return exchange(client, inSession, initialized).map(done -> new McpSession(client, inSession, tool, arguments, meta));
        });
    }

    /**
     * Ends the session with {@code DELETE} (a stdio proxy then stops the session's upstream child).
     * Never fails: a server that answers otherwise, or not at all, is left to expire the session itself.
     */
    public Future<Void> end() {
        return client.request(new RequestOptions(post).setMethod(HttpMethod.DELETE)).compose(request -> request.send())
                .compose(HttpClientResponse::body).<Void>mapEmpty().otherwiseEmpty();
    }

    /** One {@code tools/call}; never fails: an exchange that broke is a {@link CallAnswer} with status 0. */
    public Future<CallAnswer> call() {
        String body = callPrefix + ids.getAndIncrement() + callSuffix;
        return exchange(client, post, body).map(Answered::answer).otherwise(CallAnswer::failed);
    }

    private static Future<Answered> exchange(HttpClient client, RequestOptions options, String body) {
        return client.request(options).compose(request -> request.send(Buffer.buffer(body)))
                .compose(response -> response.body().map(b -> new Answered(answer(response, b), response.getHeader("Mcp-Session-Id"))));
    }

    private static CallAnswer answer(HttpClientResponse response, Buffer body) {
        String type = response.getHeader(HttpHeaders.CONTENT_TYPE);
        return new CallAnswer(response.statusCode(), body.toString(), type != null && type.startsWith("text/event-stream"));
    }

    /** An answer and the session id the server gave with it. */
    private record Answered(CallAnswer answer, String sessionId) {

        int status() {
            return answer.status();
        }

        JsonObject response() {
            return answer.response();
        }

        String body() {
            return answer.body();
        }
    }
}
