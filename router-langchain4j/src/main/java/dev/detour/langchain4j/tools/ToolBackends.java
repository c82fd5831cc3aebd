package dev.detour.langchain4j.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.detour.router.error.ErrorCategory;
import dev.detour.router.error.ErrorClassifier;
import dev.detour.router.error.SideEffects;
import dev.detour.router.error.ToolError;
import dev.detour.router.exec.ToolCall;
import dev.detour.router.exec.ToolOutcome;
import dev.detour.router.graph.ToolAnnotations;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.agent.tool.ToolSpecifications;
import dev.langchain4j.exception.ToolArgumentsException;
import dev.langchain4j.exception.ToolExecutionException;
import dev.langchain4j.mcp.client.McpClient;
import dev.langchain4j.mcp.client.McpToolMetadataKeys;
import dev.langchain4j.service.tool.DefaultToolExecutor;
import dev.langchain4j.service.tool.ToolExecutionResult;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The two kinds of {@link ToolBackend}: Java methods annotated with LangChain4j's {@link Tool}, and tools
 * of an MCP server through a LangChain4j {@link McpClient}. Each call runs on its own virtual thread.
 */
public final class ToolBackends {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Executor CALLS = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("detour-tool-", 0).factory());

    private ToolBackends() {
    }

    /**
     * The {@link Tool} method {@code methodName} of {@code target}. Its exceptions become SERF errors
     * ({@code ErrorClassifier.fromThrowable}; throw {@code ToolErrorException} to say exactly what
     * failed), a failure to bind the arguments is {@code INVALID_ARGUMENTS}.
     *
     * @param annotations what repeating a call would do (for a method that only reads, {@link ToolAnnotations#READ_ONLY})
     * @throws IllegalArgumentException when {@code target} has no {@code @Tool} method of that name, or several
     */
    public static ToolBackend method(Object target, String methodName, ToolAnnotations annotations) {
        Objects.requireNonNull(target, "target");
        List<Method> methods = java.util.Arrays.stream(target.getClass().getMethods())
                .filter(m -> m.getName().equals(methodName) && m.isAnnotationPresent(Tool.class)).toList();
        if (methods.size() != 1) {
            throw new IllegalArgumentException(target.getClass().getSimpleName() + " has " + (methods.isEmpty() ? "no" : methods.size())
                    + " @Tool method named '" + methodName + "'");
        }
        return new JavaMethod(target, methods.getFirst(), Objects.requireNonNull(annotations, "annotations"));
    }

    /** Every {@link Tool} method of {@code target}, by tool name, all with the same annotations. */
    public static Map<String, ToolBackend> tools(Object target, ToolAnnotations annotations) {
        Map<String, ToolBackend> backends = new LinkedHashMap<>();
        for (Method m : target.getClass().getMethods()) {
            if (m.isAnnotationPresent(Tool.class)) {
                JavaMethod backend = new JavaMethod(target, m, annotations);
                backends.put(backend.spec.name(), backend);
            }
        }
        return backends;
    }

    /**
     * The tool {@code toolName} of the MCP server {@code client} talks to. Its specification and
     * annotations come from the server's {@code tools/list}, asked once, on first need; a server that
     * does not list the tool gives it no specification and {@link ToolAnnotations#UNKNOWN} (the MCP
     * default: assume the worst).
     */
    public static ToolBackend mcp(McpClient client, String toolName) {
        return new Mcp(Objects.requireNonNull(client, "client"), Objects.requireNonNull(toolName, "toolName"));
    }

    static String json(Map<String, Object> arguments) {
        try {
            return JSON.writeValueAsString(arguments);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("arguments are not JSON-serialisable", e);
        }
    }

    private static CompletionStage<ToolOutcome> run(Supplier<ToolOutcome> call) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return call.get();
            } catch (RuntimeException e) {
                return ToolOutcome.failure(ErrorClassifier.fromThrowable(e));
            }
        }, CALLS);
    }

    private static final class JavaMethod implements ToolBackend {
        private final ToolSpecification spec;
        private final ToolAnnotations annotations;
        private final DefaultToolExecutor executor;

        JavaMethod(Object target, Method method, ToolAnnotations annotations) {
            this.spec = ToolSpecifications.toolSpecificationFrom(method);
            this.annotations = annotations;
            this.executor = DefaultToolExecutor.builder().object(target).originalMethod(method).methodToInvoke(method)
                    .wrapToolArgumentsExceptions(true).propagateToolExecutionExceptions(true).build();
        }

        @Override
        public CompletionStage<ToolOutcome> invoke(ToolCall call) {
            return run(() -> {
                try {
                    ToolExecutionResult result = executor.executeWithContext(ToolExecutionRequest.builder().id(call.step())
                            .name(spec.name()).arguments(json(call.arguments())).build(), null);
                    return ToolOutcome.success(result.result() != null ? result.result() : result.resultText());
                } catch (ToolArgumentsException e) {
                    return ToolOutcome.failure(ToolError.of(ErrorCategory.INVALID_ARGUMENTS, "the arguments do not fit "
                            + spec.name() + "'s parameters", SideEffects.NONE));
                } catch (ToolExecutionException e) {
                    return ToolOutcome.failure(ErrorClassifier.fromThrowable(e.getCause() == null ? e : e.getCause()));
                }
            });
        }

        @Override
        public Optional<ToolSpecification> specification() {
            return Optional.of(spec);
        }

        @Override
        public ToolAnnotations annotations() {
            return annotations;
        }

        @Override
        public String toString() {
            return "@Tool " + spec.name();
        }
    }

    private static final class Mcp implements ToolBackend {
        private final McpClient client;
        private final String toolName;
        private volatile Optional<ToolSpecification> spec;

        Mcp(McpClient client, String toolName) {
            this.client = client;
            this.toolName = toolName;
        }

        @Override
        public CompletionStage<ToolOutcome> invoke(ToolCall call) {
            return run(() -> {
                try {
                    ToolExecutionResult result = client.executeTool(ToolExecutionRequest.builder().id(call.step()).name(toolName)
                            .arguments(json(call.arguments())).build());
                    if (result.isError()) {
                        return ToolOutcome.failure(fromErrorText(result.resultText()));
                    }
                    return ToolOutcome.success(result.result() != null ? result.result() : result.resultText());
                } catch (ToolArgumentsException e) {
                    return ToolOutcome.failure(ErrorClassifier.fromJsonRpcError(-32602, e.getMessage(), null));
                } catch (ToolExecutionException e) {
                    if (e.errorCode() != null) {
                        return ToolOutcome.failure(ErrorClassifier.fromJsonRpcError(e.errorCode(), e.getMessage(), null));
                    }
                    Throwable cause = e.getCause();
                    // an isError result's text arrives wrapped in a bare RuntimeException; anything else is the transport failing
                    return ToolOutcome.failure(cause == null || cause.getClass() == RuntimeException.class
                            ? fromErrorText(cause == null ? e.getMessage() : cause.getMessage()) : ErrorClassifier.fromThrowable(cause));
                }
            });
        }

        /** An MCP {@code isError} result, which LangChain4j hands over as its text (or its structured content as JSON). */
        private static ToolError fromErrorText(String text) {
            String body = text == null ? "" : text;
            try {
                if (JSON.readValue(body, Object.class) instanceof Map<?, ?> structured) {
                    Optional<ToolError> serf = ErrorClassifier.fromSerfMap(structured);
                    if (serf.isPresent()) {
                        return serf.get();
                    }
                }
            } catch (JsonProcessingException notJson) {
                // plain text: classified below
            }
            return ErrorClassifier.fromMcpResult(Map.of("isError", true, "content", List.of(Map.of("type", "text", "text", body))))
                    .orElseThrow();
        }

        @Override
        public Optional<ToolSpecification> specification() {
            Optional<ToolSpecification> known = spec;
            if (known == null) {
                known = client.listTools().stream().filter(t -> t.name().equals(toolName)).findFirst();
                spec = known;
            }
            return known;
        }

        @Override
        public ToolAnnotations annotations() {
            return specification().map(s -> annotationsOf(s.metadata())).orElse(ToolAnnotations.UNKNOWN);
        }

        private static ToolAnnotations annotationsOf(Map<String, Object> metadata) {
            boolean readOnly = Boolean.TRUE.equals(metadata.get(McpToolMetadataKeys.READ_ONLY_HINT));
            boolean idempotent = readOnly || Boolean.TRUE.equals(metadata.get(McpToolMetadataKeys.IDEMPOTENT_HINT));
            boolean destructive = !readOnly && !Boolean.FALSE.equals(metadata.get(McpToolMetadataKeys.DESTRUCTIVE_HINT));
            return new ToolAnnotations(readOnly, idempotent, destructive);
        }

        @Override
        public String toString() {
            return "MCP " + client.key() + "/" + toolName;
        }
    }
}
