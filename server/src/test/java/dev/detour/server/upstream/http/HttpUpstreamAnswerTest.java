package dev.detour.server.upstream.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.router.error.ToolErrorException;
import dev.detour.server.fakes.TestVertx;
import dev.detour.server.mcp.JsonRpc;
import dev.detour.server.upstream.UpstreamTransport;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A POST's future tells whether the request was answered: an upstream echoes Detour's id as a plain
 * JSON number, which parses as a different number node than the one Detour sent.
 */
class HttpUpstreamAnswerTest {

    private final Vertx vertx = TestVertx.create();
    private final AtomicInteger resumes = new AtomicInteger();
    private final List<ObjectNode> delivered = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        TestVertx.await(vertx.close());
    }

    @Test
    void aJsonAnswerWithTheIdAsAPlainNumberAnswersTheRequest() {
        URI url = upstream(false);
        Future<Void> sent = send(url);
        TestVertx.await(sent);
        assertThat(sent.succeeded()).isTrue();
        assertThat(delivered).hasSize(1);
    }

    @Test
    void anSseAnswerWithTheIdAsAPlainNumberEndsTheStreamWithoutResuming() {
        URI url = upstream(true);
        Future<Void> sent = send(url);
        TestVertx.await(sent);
        assertThat(sent.succeeded()).isTrue();
        assertThat(resumes).hasValue(0);
        assertThat(delivered).hasSize(1);
    }

    /** An upstream that answers every POST with the request's id written back as it was sent, by JSON text. */
    private URI upstream(boolean sse) {
        HttpServer server = vertx.createHttpServer().requestHandler(request -> {
            if (request.method() == HttpMethod.GET) {
                resumes.incrementAndGet();
                request.response().setStatusCode(405).end();
                return;
            }
            request.body().onSuccess(body -> {
                JsonNode id = JsonRpc.parse(body).get("id");
                String answer = "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{\"content\":[]}}";
                if (sse) {
                    request.response().putHeader("Content-Type", "text/event-stream").end("id: e1\ndata: " + answer + "\n\n");
                } else {
                    request.response().putHeader("Content-Type", "application/json").end(answer);
                }
            });
        });
        TestVertx.await(server.listen(0, "127.0.0.1"));
        return URI.create("http://127.0.0.1:" + server.actualPort() + "/mcp");
    }

    private Future<Void> send(URI url) {
        Context context = vertx.getOrCreateContext();
        HttpClient client = vertx.createHttpClient();
        HttpUpstreamTransport transport = new HttpUpstreamTransport(client, client, vertx, url, "up");
        return Future.<Future<Void>>future(started -> context.runOnContext(v -> {
            transport.start(new UpstreamTransport.Receiver() {
                @Override
                public void onMessage(ObjectNode message, JsonNode relatedRequestId) {
                    delivered.add(message);
                }

                @Override
                public void onResponseStream(JsonNode requestId) {
                }

                @Override
                public void onDisconnected(ToolErrorException cause) {
                }

                @Override
                public void onReconnected() {
                }
            });
            started.complete(transport.send(JsonRpc.request(LongNode.valueOf(5), "tools/call", JsonRpc.MAPPER.createObjectNode())));
        })).compose(f -> f);
    }
}
