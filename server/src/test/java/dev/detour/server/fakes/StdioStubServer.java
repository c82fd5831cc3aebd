package dev.detour.server.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.server.mcp.JsonRpc;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A stdio MCP server run as a real child process by the supervision tests (launched with the current
 * {@code java} and the test classpath). Tools: {@code pid} (answers with its process id),
 * {@code hang} (never answers), {@code crash} (exits with code 3 at once).
 */
public final class StdioStubServer {

    private StdioStubServer() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.err.println("stdio stub " + ProcessHandle.current().pid() + " up");
        String line;
        while ((line = in.readLine()) != null) {
            ObjectNode message = (ObjectNode) JsonRpc.parse(line.getBytes(StandardCharsets.UTF_8));
            if (!message.has("id") || !message.has("method")) {
                continue;
            }
            JsonNode id = message.get("id");
            ObjectNode result = JsonRpc.MAPPER.createObjectNode();
            switch (message.path("method").asText()) {
                case "initialize" -> {
                    result.put("protocolVersion", message.path("params").path("protocolVersion").asText());
                    result.putObject("capabilities").putObject("tools");
                    result.putObject("serverInfo").put("name", "stdio-stub").put("version", "1.0");
                }
                case "tools/list" -> {
                    for (String tool : new String[] {"pid", "hang", "crash"}) {
                        result.withArray("tools").addObject().put("name", tool).putObject("inputSchema").put("type", "object");
                    }
                }
                case "tools/call" -> {
                    switch (message.path("params").path("name").asText()) {
                        case "hang" -> {
                            continue;
                        }
                        case "crash" -> {
                            System.err.println("crashing on request");
                            System.exit(3);
                        }
                        default -> result.putArray("content").addObject().put("type", "text")
                                .put("text", Long.toString(ProcessHandle.current().pid()));
                    }
                }
                default -> {
                    out.println(JsonRpc.encodeToString(JsonRpc.error(id, -32601, "Method not found", null)));
                    out.flush();
                    continue;
                }
            }
            out.println(JsonRpc.encodeToString(JsonRpc.result(id, result)));
            out.flush();
        }
    }
}
