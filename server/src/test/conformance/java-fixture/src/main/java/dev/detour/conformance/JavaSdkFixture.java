package dev.detour.conformance;

import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncCompletionSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema.AudioContent;
import io.modelcontextprotocol.spec.McpSchema.BlobResourceContents;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.CompleteResult;
import io.modelcontextprotocol.spec.McpSchema.Content;
import io.modelcontextprotocol.spec.McpSchema.CreateMessageRequest;
import io.modelcontextprotocol.spec.McpSchema.ElicitRequest;
import io.modelcontextprotocol.spec.McpSchema.ElicitResult;
import io.modelcontextprotocol.spec.McpSchema.EmbeddedResource;
import io.modelcontextprotocol.spec.McpSchema.GetPromptResult;
import io.modelcontextprotocol.spec.McpSchema.ImageContent;
import io.modelcontextprotocol.spec.McpSchema.LoggingLevel;
import io.modelcontextprotocol.spec.McpSchema.LoggingMessageNotification;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import io.modelcontextprotocol.spec.McpSchema.Prompt;
import io.modelcontextprotocol.spec.McpSchema.PromptArgument;
import io.modelcontextprotocol.spec.McpSchema.PromptMessage;
import io.modelcontextprotocol.spec.McpSchema.PromptReference;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceResult;
import io.modelcontextprotocol.spec.McpSchema.Resource;
import io.modelcontextprotocol.spec.McpSchema.ResourceTemplate;
import io.modelcontextprotocol.spec.McpSchema.Role;
import io.modelcontextprotocol.spec.McpSchema.SamplingMessage;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;

/**
 * The upstream fixture for the MCP conformance suite's server scenarios, built with the official MCP
 * Java SDK (Streamable HTTP servlet transport on embedded Tomcat, loopback only). Every tool, resource
 * and prompt follows the scenario texts of {@code @modelcontextprotocol/conformance} 0.1.16.
 * Usage: {@code java -cp … dev.detour.conformance.JavaSdkFixture <port>}.
 */
public final class JavaSdkFixture {

    private static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";
    private static final String WAV = "UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YQAAAAA=";
    private static final Map<String, Object> NO_ARGUMENTS = Map.of("type", "object", "properties", Map.of());

    private JavaSdkFixture() {}

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 3902;
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .mcpEndpoint("/mcp")
                .keepAliveInterval(Duration.ofSeconds(30))
                .securityValidator(DefaultServerTransportSecurityValidator.builder()
                        .allowedOrigin("http://localhost:*").allowedOrigin("http://127.0.0.1:*")
                        .allowedHost("localhost:*").allowedHost("127.0.0.1:*")
                        .build())
                .build();
        McpServer.sync(transport)
                .serverInfo("detour-java-sdk-fixture", "1.0.0")
                .capabilities(ServerCapabilities.builder().completions().logging().resources(true, false)
                        .tools(false).prompts(false).build())
                .tools(tools())
                .resources(resources())
                .resourceTemplates(templates())
                .prompts(prompts())
                .completions(List.of(new SyncCompletionSpecification(new PromptReference("test_prompt_with_arguments"),
                        (exchange, request) -> new CompleteResult(
                                new CompleteResult.CompleteCompletion(List.of("paris", "park", "party"), 3, false)))))
                .requestTimeout(Duration.ofSeconds(30))
                .build();

        Tomcat tomcat = new Tomcat();
        tomcat.setHostname("127.0.0.1");
        tomcat.setPort(port);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        String base = System.getProperty("java.io.tmpdir");
        tomcat.setBaseDir(base);
        Context context = tomcat.addContext("", base);
        Wrapper servlet = context.createWrapper();
        servlet.setName("mcp");
        servlet.setServlet(transport);
        servlet.setAsyncSupported(true);
        servlet.setLoadOnStartup(1);
        context.addChild(servlet);
        context.addServletMappingDecoded("/*", "mcp");
        tomcat.start();
        System.out.println("fixture listening on http://127.0.0.1:" + port + "/mcp");
        tomcat.getServer().await();
    }

    private static SyncToolSpecification tool(String name, Map<String, Object> schema,
            BiFunction<McpSyncServerExchange, CallToolRequest, CallToolResult> handler) {
        return SyncToolSpecification.builder()
                .tool(Tool.builder(name, schema).description("conformance tool " + name).build())
                .callHandler(handler)
                .build();
    }

    private static CallToolResult result(Content... content) {
        return CallToolResult.builder().content(List.of(content)).isError(false).build();
    }

    private static TextContent text(String text) {
        return TextContent.builder(text).build();
    }

    private static EmbeddedResource embedded(String uri, String mimeType, String text) {
        return EmbeddedResource.builder(TextResourceContents.builder(uri, text).mimeType(mimeType).build()).build();
    }

    private static Map<String, Object> stringArgument(String name, String description) {
        return Map.of("type", "object", "properties", Map.of(name, Map.of("type", "string", "description", description)),
                "required", List.of(name));
    }

    private static List<SyncToolSpecification> tools() {
        List<SyncToolSpecification> tools = new ArrayList<>();
        tools.add(tool("test_simple_text", NO_ARGUMENTS, (x, r) -> result(text("This is a simple text response for testing."))));
        tools.add(tool("test_image_content", NO_ARGUMENTS, (x, r) -> result(ImageContent.builder(PNG, "image/png").build())));
        tools.add(tool("test_audio_content", NO_ARGUMENTS, (x, r) -> result(AudioContent.builder(WAV, "audio/wav").build())));
        tools.add(tool("test_embedded_resource", NO_ARGUMENTS, (x, r) ->
                result(embedded("test://embedded-resource", "text/plain", "This is an embedded resource content."))));
        tools.add(tool("test_multiple_content_types", NO_ARGUMENTS, (x, r) -> result(text("Multiple content types test:"),
                ImageContent.builder(PNG, "image/png").build(),
                embedded("test://mixed-content-resource", "application/json", "{\"test\":\"data\",\"value\":123}"))));
        tools.add(tool("test_tool_with_logging", NO_ARGUMENTS, (exchange, r) -> {
            for (String line : List.of("Tool execution started", "Tool processing data", "Tool execution completed")) {
                exchange.loggingNotification(LoggingMessageNotification.builder(LoggingLevel.INFO, line).build());
            }
            return result(text("Logging tool executed"));
        }));
        tools.add(tool("test_error_handling", NO_ARGUMENTS, (x, r) -> CallToolResult.builder()
                .content(List.of(text("This tool intentionally returns an error for testing"))).isError(true).build()));
        tools.add(tool("test_tool_with_progress", NO_ARGUMENTS, (exchange, request) -> {
            Object token = request.meta() == null ? null : request.meta().get("progressToken");
            if (token != null) {
                for (double progress : new double[] {0, 50, 100}) {
                    exchange.progressNotification(ProgressNotification.builder(token, progress).total(100.0).build());
                }
            }
            return result(text("Progress tool executed"));
        }));
        tools.add(tool("test_sampling", stringArgument("prompt", "The prompt to send to the LLM"), (exchange, request) -> {
            String prompt = String.valueOf(request.arguments().get("prompt"));
            var answer = exchange.createMessage(CreateMessageRequest.builder(
                    List.of(SamplingMessage.builder(Role.USER, text(prompt)).build()), 100).build());
            String said = answer.content() instanceof TextContent t ? t.text() : String.valueOf(answer.content());
            return result(text("LLM response: " + said));
        }));
        tools.add(tool("test_elicitation", stringArgument("message", "The message to show the user"), (exchange, request) -> {
            ElicitResult answer = exchange.createElicitation(ElicitRequest.builder(
                    String.valueOf(request.arguments().get("message")),
                    Map.of("type", "object", "properties", Map.of(
                            "username", Map.of("type", "string", "description", "User's response"),
                            "email", Map.of("type", "string", "description", "User's email address")),
                            "required", List.of("username", "email"))).build());
            return result(text("User response: action=" + answer.action() + ", content=" + answer.content()));
        }));
        tools.add(tool("test_elicitation_sep1034_defaults", NO_ARGUMENTS, (exchange, request) -> {
            ElicitResult answer = exchange.createElicitation(ElicitRequest.builder("Defaults", Map.of("type", "object",
                    "properties", Map.of(
                            "name", Map.of("type", "string", "default", "John Doe"),
                            "age", Map.of("type", "integer", "default", 30),
                            "score", Map.of("type", "number", "default", 95.5),
                            "status", Map.of("type", "string", "enum", List.of("active", "inactive", "pending"), "default", "active"),
                            "verified", Map.of("type", "boolean", "default", true)))).build());
            return result(text("Elicitation completed: action=" + answer.action() + ", content=" + answer.content()));
        }));
        tools.add(tool("test_elicitation_sep1330_enums", NO_ARGUMENTS, (exchange, request) -> {
            List<Map<String, Object>> titled = List.of(Map.of("const", "value1", "title", "First Option"),
                    Map.of("const", "value2", "title", "Second Option"), Map.of("const", "value3", "title", "Third Option"));
            ElicitResult answer = exchange.createElicitation(ElicitRequest.builder("Enums", Map.of("type", "object",
                    "properties", Map.of(
                            "untitledSingle", Map.of("type", "string", "enum", List.of("option1", "option2", "option3")),
                            "titledSingle", Map.of("type", "string", "oneOf", titled),
                            "legacyEnum", Map.of("type", "string", "enum", List.of("opt1", "opt2", "opt3"),
                                    "enumNames", List.of("Option One", "Option Two", "Option Three")),
                            "untitledMulti", Map.of("type", "array", "items",
                                    Map.of("type", "string", "enum", List.of("option1", "option2", "option3"))),
                            "titledMulti", Map.of("type", "array", "items", Map.of("anyOf", titled))))).build());
            return result(text("Elicitation completed: action=" + answer.action() + ", content=" + answer.content()));
        }));
        return tools;
    }

    private static SyncResourceSpecification textResource(String uri, String text) {
        return new SyncResourceSpecification(
                Resource.builder(uri, uri.substring("test://".length())).description("conformance resource").mimeType("text/plain").build(),
                (exchange, request) -> ReadResourceResult.builder(List.of(
                        TextResourceContents.builder(uri, text).mimeType("text/plain").build())).build());
    }

    private static List<SyncResourceSpecification> resources() {
        return List.of(
                textResource("test://static-text", "This is the content of the static text resource."),
                textResource("test://watched-resource", "watched"),
                new SyncResourceSpecification(
                        Resource.builder("test://static-binary", "static-binary").description("conformance resource")
                                .mimeType("image/png").build(),
                        (exchange, request) -> ReadResourceResult.builder(List.of(
                                BlobResourceContents.builder("test://static-binary", PNG).mimeType("image/png").build())).build()));
    }

    private static List<SyncResourceTemplateSpecification> templates() {
        return List.of(new SyncResourceTemplateSpecification(
                ResourceTemplate.builder("test://template/{id}/data", "template").description("conformance template")
                        .mimeType("application/json").build(),
                (exchange, request) -> {
                    String id = request.uri().replaceAll("^test://template/(.+)/data$", "$1");
                    return ReadResourceResult.builder(List.of(TextResourceContents.builder(request.uri(),
                            "{\"id\":\"" + id + "\",\"templateTest\":true,\"data\":\"Data for ID: " + id + "\"}")
                            .mimeType("application/json").build())).build();
                }));
    }

    private static SyncPromptSpecification prompt(String name, List<PromptArgument> arguments,
            BiFunction<McpSyncServerExchange, Map<String, Object>, List<PromptMessage>> messages) {
        return new SyncPromptSpecification(Prompt.builder(name).description("conformance prompt " + name).arguments(arguments).build(),
                (exchange, request) -> GetPromptResult.builder(messages.apply(exchange,
                        request.arguments() == null ? Map.of() : request.arguments())).build());
    }

    private static PromptMessage user(Content content) {
        return PromptMessage.builder(Role.USER, content).build();
    }

    private static PromptArgument required(String name) {
        return PromptArgument.builder(name).description(name).required(true).build();
    }

    private static List<SyncPromptSpecification> prompts() {
        return List.of(
                prompt("test_simple_prompt", List.of(), (x, a) -> List.of(user(text("This is a simple prompt for testing.")))),
                prompt("test_prompt_with_arguments", List.of(required("arg1"), required("arg2")), (x, a) -> List.of(
                        user(text("Prompt with arguments: arg1='" + a.get("arg1") + "', arg2='" + a.get("arg2") + "'")))),
                prompt("test_prompt_with_embedded_resource", List.of(required("resourceUri")), (x, a) -> List.of(
                        user(embedded(String.valueOf(a.get("resourceUri")), "text/plain", "Embedded resource content for testing.")),
                        user(text("Please process the embedded resource above.")))),
                prompt("test_prompt_with_image", List.of(), (x, a) -> List.of(
                        user(ImageContent.builder(PNG, "image/png").build()), user(text("Please analyze the image above.")))));
    }
}
