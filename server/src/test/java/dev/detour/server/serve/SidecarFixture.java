package dev.detour.server.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.server.config.ConfigLoader;
import dev.detour.server.fakes.McpTestClient;
import dev.detour.server.fakes.TestVertx;
import dev.detour.server.mcp.JsonRpc;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link DetourSidecar} in this JVM in front of two real upstream processes, {@code cheap} and
 * {@code backup}, each offering the same tools; and an MCP client session on its endpoint.
 */
final class SidecarFixture implements AutoCloseable {

    /** Both upstreams' tools as healing tools; the monitors tuned so a recovery shows within a second. */
    static String config(UpstreamProcess cheap, UpstreamProcess backup, String moreLogicalTools) {
        return """
                upstreams:
                  cheap: {url: "%s"}
                  backup: {url: "%s"}
                logicalTools:
                  web_search:
                    description: Search the web.
                    annotations: {readOnlyHint: true}
                    providers:
                      - {upstream: cheap, tool: search, cost: 1}
                      - {upstream: backup, tool: search, cost: 5}
                  send_receipt:
                    description: Email a receipt.
                    annotations: {readOnlyHint: false, idempotentHint: false}
                    providers:
                      - {upstream: cheap, tool: send, cost: 1}
                      - {upstream: backup, tool: send, cost: 5}
                %s
                monitors:
                  breaker: {waitInOpen: 200ms}
                  probes: {interval: 100ms, timeout: 1s}
                """.formatted(cheap.url(), backup.url(), moreLogicalTools.indent(2).stripTrailing());
    }

    final Vertx vertx = TestVertx.create();
    final Path file;
    final DetourSidecar sidecar;
    final McpTestClient client;

    /** Writes {@code yaml} to {@code dir/detour.yaml} and serves it. */
    SidecarFixture(Path dir, String yaml, int journalCapacity) {
        file = dir.resolve("detour.yaml");
        write(yaml);
        sidecar = TestVertx.await(DetourSidecar.start(vertx, ConfigLoader.load(file),
                SidecarOptions.builder().journalCapacity(journalCapacity).adminPort(0).build()));
        client = new McpTestClient(sidecar.url());
        client.initialize("2025-06-18");
    }

    void write(String yaml) {
        try {
            Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code tools/call}; the whole JSON-RPC response. */
    JsonNode call(String tool, ObjectNode arguments) {
        ObjectNode params = JsonRpc.MAPPER.createObjectNode().put("name", tool);
        params.set("arguments", arguments);
        return client.rpc("tools/call", params).response();
    }

    /** {@code tools/call} with {@code {"query": query}}. */
    JsonNode search(String query) {
        return call("web_search", JsonRpc.MAPPER.createObjectNode().put("query", query));
    }

    /** The text of a result's first content block. */
    static String text(JsonNode response) {
        return response.path("result").path("content").path(0).path("text").asText();
    }

    /** The names {@code tools/list} shows. */
    List<String> toolNames() {
        List<String> names = new ArrayList<>();
        client.rpc("tools/list", JsonRpc.MAPPER.createObjectNode()).response().path("result").path("tools")
                .forEach(t -> names.add(t.path("name").asText()));
        return names;
    }

    @Override
    public void close() {
        TestVertx.await(sidecar.stop());
        TestVertx.await(vertx.close());
    }
}
