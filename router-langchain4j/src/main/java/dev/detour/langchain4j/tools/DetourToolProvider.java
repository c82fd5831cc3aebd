package dev.detour.langchain4j.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.detour.router.RouteRequest;
import dev.detour.router.RouteResult;
import dev.detour.router.Router;
import dev.detour.router.RouterConfig;
import dev.detour.router.error.ErrorCategory;
import dev.detour.router.error.ErrorSentences;
import dev.detour.router.error.SideEffects;
import dev.detour.router.error.ToolError;
import dev.detour.router.exec.ToolOutcome;
import dev.detour.router.graph.ArgumentTemplate;
import dev.detour.router.graph.Step;
import dev.detour.router.graph.ToolGraph;
import dev.detour.router.health.HealthView;
import dev.detour.router.spi.EscalationPolicy;
import dev.detour.router.spi.RouteListener;
import dev.detour.router.spi.ToolInvoker;
import dev.detour.router.time.Scheduler;
import dev.detour.router.time.Ticker;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.langchain4j.service.tool.ToolExecutor;
import dev.langchain4j.service.tool.ToolProvider;
import dev.langchain4j.service.tool.ToolProviderRequest;
import dev.langchain4j.service.tool.ToolProviderResult;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A LangChain4j {@link ToolProvider} whose tools are Detour's healing tools, so an {@code AiServices}
 * agent gets failover without spending a model call on it:
 *
 * <ul>
 *   <li>a <b>logical tool</b> is one tool the model sees, served by interchangeable providers — a
 *       one-step graph {@code start → provider → done}, preferring the providers in the order given;
 *       when one fails, the next is called within the same tool execution, and the model sees one
 *       answer;
 *   <li>a <b>goal tool</b> is a whole {@link ToolGraph} run as one tool: the router walks it, reroutes
 *       around failures, follows the demotion ladder and, when an {@linkplain Builder#escalationPolicy
 *       escalation policy} is set, asks it at a dead end.
 * </ul>
 *
 * Providers and graph tools are {@link ToolBackend}s — Java {@code @Tool} methods or MCP tools through
 * {@code McpClient}s ({@link ToolBackends}), registered by the tool id graphs use. A call the router
 * cannot complete comes back to the model as one sentence it can act on ({@code No provider of 'weather'
 * is available right now; try again later or tell the user the tool is down.}, from {@link
 * ErrorSentences}), marked as an error result — never raw SERF JSON. Every route event of every tool goes
 * to the {@linkplain Builder#listener listeners}.
 *
 * <pre>{@code
 * DetourToolProvider tools = DetourToolProvider.builder()
 *         .backend("weather@met", ToolBackends.method(met, "weather", ToolAnnotations.READ_ONLY))
 *         .backend("weather@backup", ToolBackends.mcp(mcpClient, "weather"))
 *         .logicalTool("weather", "Current weather for a city", "weather@met", "weather@backup")
 *         .listener(event -> log.info("{}", event))
 *         .build();
 * Assistant assistant = AiServices.builder(Assistant.class).chatModel(model).toolProvider(tools).build();
 * }</pre>
 *
 * <p>The tool executions block the calling thread until the route ends (LangChain4j executes tools
 * synchronously); each is bounded by the {@linkplain Builder#budget budget}. Thread-safe.
 */
public final class DetourToolProvider implements ToolProvider {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };
    private static final String START = "start";
    private static final String DONE = "done";
    private static final String RESULT = "result";

    private final Map<String, DetourTool> tools;
    private final ToolProviderResult result;

    private DetourToolProvider(Map<String, DetourTool> tools) {
        this.tools = tools;
        ToolProviderResult.Builder b = ToolProviderResult.builder();
        tools.values().forEach(t -> b.add(t.specification, t));
        this.result = b.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The same tools for every request. */
    @Override
    public ToolProviderResult provideTools(ToolProviderRequest request) {
        return result;
    }

    /** The tools' specifications, as the model is shown them, in declaration order. */
    public List<ToolSpecification> specifications() {
        return tools.values().stream().map(t -> t.specification).toList();
    }

    /** The router behind a tool (for plans, stats and tests). */
    public Router router(String toolName) {
        DetourTool tool = tools.get(toolName);
        if (tool == null) {
            throw new IllegalArgumentException("no Detour tool named '" + toolName + "'; have " + tools.keySet());
        }
        return tool.router;
    }

    /** Calls a tool as the model would, outside an AI service: the text the model would read. */
    public ToolExecutionResult execute(String toolName, String argumentsJson) {
        router(toolName);
        return tools.get(toolName).executeWithContext(ToolExecutionRequest.builder().name(toolName).arguments(argumentsJson).build(), null);
    }

    /** One tool: its specification, its router, and how its routes become text for the model. */
    private static final class DetourTool implements ToolExecutor {
        private final ToolSpecification specification;
        private final Router router;
        private final String goal;
        private final boolean logical;
        private final Duration budget;
        private final Map<String, ToolBackend> backends;

        DetourTool(ToolSpecification specification, Router router, String goal, boolean logical, Duration budget,
                Map<String, ToolBackend> backends) {
            this.specification = specification;
            this.router = router;
            this.goal = goal;
            this.logical = logical;
            this.budget = budget;
            this.backends = backends;
        }

        @Override
        public String execute(ToolExecutionRequest request, Object memoryId) {
            return executeWithContext(request, null).resultText();
        }

        @Override
        public ToolExecutionResult executeWithContext(ToolExecutionRequest request, InvocationContext context) {
            Map<String, Object> arguments;
            try {
                String args = request.arguments();
                arguments = args == null || args.isBlank() ? Map.of() : JSON.readValue(args, OBJECT);
            } catch (JsonProcessingException e) {
                return error(ErrorSentences.forModel(specification.name(), ToolError.of(ErrorCategory.INVALID_ARGUMENTS,
                        "they are not a JSON object", SideEffects.NONE), false, null));
            }
            RouteResult route = router.route(RouteRequest.to(goal, arguments).withBudget(budget));
            return switch (route.status()) {
                case COMPLETED -> text(answer(route));
                case DEMOTED -> text("'" + specification.name() + "' could not reach goal '" + route.requestedGoal()
                        + "' and reached the lesser goal '" + route.reachedGoal() + "' instead: " + answer(route));
                case ESCALATED -> error(ErrorSentences.forModel(specification.name(), route.error(), mayHaveActed(route.error()), null));
            };
        }

        private String answer(RouteResult route) {
            if (logical) {
                Object result = route.output(RESULT);
                return result instanceof String s ? s : json(result);
            }
            Map<String, Object> outputs = new LinkedHashMap<>(route.outputs());
            outputs.remove(ArgumentTemplate.INPUT);
            return json(outputs);
        }

        /** Why the router did not send the failed call elsewhere: it may have acted, and repeating it is not safe. */
        private boolean mayHaveActed(ToolError error) {
            if (error.category() == ErrorCategory.NO_ROUTE || error.category() == ErrorCategory.BUDGET_EXHAUSTED
                    || error.sideEffects() == SideEffects.NONE || error.tool() == null) {
                return false;
            }
            ToolBackend backend = backends.get(error.tool());
            return backend != null && !backend.annotations().safeToRepeat();
        }

        private static ToolExecutionResult text(String text) {
            return ToolExecutionResult.builder().resultText(text).build();
        }

        private static ToolExecutionResult error(String sentence) {
            return ToolExecutionResult.builder().isError(true).resultText(sentence).build();
        }

        private static String json(Object value) {
            try {
                return JSON.writeValueAsString(value);
            } catch (JsonProcessingException e) {
                return String.valueOf(value);
            }
        }
    }

    /** Configures a {@link DetourToolProvider}. Not thread-safe. */
    public static final class Builder {

        /** 30 seconds: the budget of one tool execution, as router-core's default request budget. */
        public static final Duration DEFAULT_BUDGET = Duration.ofSeconds(30);

        private final Map<String, ToolBackend> backends = new LinkedHashMap<>();
        private final List<Declared> declared = new ArrayList<>();
        private final List<RouteListener> listeners = new ArrayList<>();
        private HealthView health;
        private EscalationPolicy policy;
        private RouterConfig config = RouterConfig.ofDefaults();
        private Duration budget = DEFAULT_BUDGET;
        private Ticker ticker = Ticker.system();
        private Scheduler scheduler = Scheduler.system();
        private InstantSource clock = InstantSource.system();

        private Builder() {
        }

        /** Registers the backend that performs calls to {@code toolId} (as logical tools and graphs name it). */
        public Builder backend(String toolId, ToolBackend backend) {
            if (backends.putIfAbsent(Objects.requireNonNull(toolId, "toolId"), Objects.requireNonNull(backend, "backend")) != null) {
                throw new IllegalArgumentException("a backend for '" + toolId + "' is already registered");
            }
            return this;
        }

        /** Registers several backends by tool id (e.g. {@link ToolBackends#tools}). */
        public Builder backends(Map<String, ToolBackend> byToolId) {
            byToolId.forEach(this::backend);
            return this;
        }

        /**
         * A logical tool served by {@code providers} (registered tool ids), preferred in the order given. The
         * model is shown the first provider's parameters; {@code description} may be null to take the first
         * provider's too.
         */
        public Builder logicalTool(String name, String description, String... providers) {
            return logicalTool(name, description, null, providers);
        }

        /** A logical tool with the parameters the model is shown given explicitly. */
        public Builder logicalTool(String name, String description, JsonObjectSchema parameters, String... providers) {
            if (providers.length == 0) {
                throw new IllegalArgumentException("logical tool '" + name + "' needs at least one provider");
            }
            declared.add(new Declared(Objects.requireNonNull(name, "name"), description, parameters, List.of(providers), null));
            return this;
        }

        /**
         * A goal tool: {@code graph} run as one tool, to its default goal, with the model's arguments as the
         * request's inputs ({@code ${input/...}} in the graph's templates). Every tool of the graph needs a
         * registered backend.
         */
        public Builder goalTool(String name, String description, JsonObjectSchema parameters, ToolGraph graph) {
            declared.add(new Declared(Objects.requireNonNull(name, "name"), Objects.requireNonNull(description, "description"),
                    Objects.requireNonNull(parameters, "parameters"), List.of(), Objects.requireNonNull(graph, "graph")));
            return this;
        }

        /** Receives every route event of every tool (synchronously: fast and non-blocking, see {@link RouteListener}). */
        public Builder listener(RouteListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** The health view all tools share (e.g. one fed by health monitors); default: a private one. */
        public Builder health(HealthView health) {
            this.health = Objects.requireNonNull(health, "health");
            return this;
        }

        /** Asked at a goal tool's dead end (e.g. {@code LlmEscalationPolicy.policy()}); default: escalate. */
        public Builder escalationPolicy(EscalationPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        public Builder config(RouterConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** The deadline of one tool execution; default {@link #DEFAULT_BUDGET}. */
        public Builder budget(Duration budget) {
            if (budget.isNegative() || budget.isZero()) {
                throw new IllegalArgumentException("budget must be positive, was " + budget);
            }
            this.budget = budget;
            return this;
        }

        /** Time for the routers (call windows, latency, event stamps); defaults: the system's. */
        public Builder time(Ticker ticker, Scheduler scheduler, InstantSource clock) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** @throws IllegalArgumentException naming a tool without a backend, or a duplicate tool name */
        public DetourToolProvider build() {
            HealthView shared = health != null ? health : new HealthView(clock);
            Map<String, ToolBackend> all = Map.copyOf(backends);
            ToolInvoker dispatch = call -> {
                ToolBackend backend = all.get(call.tool());
                return backend != null ? backend.invoke(call) : CompletableFuture.completedFuture(ToolOutcome.failure(
                        ToolError.of(ErrorCategory.NOT_FOUND, "no backend for tool '" + call.tool() + "'", SideEffects.NONE)));
            };
            Map<String, DetourTool> tools = new LinkedHashMap<>();
            for (Declared d : declared) {
                ToolGraph graph = d.graph != null ? d.graph : logicalGraph(d);
                for (String tool : graph.tools()) {
                    if (!all.containsKey(tool)) {
                        throw new IllegalArgumentException("tool '" + d.name + "' uses '" + tool + "', which has no backend; registered: "
                                + all.keySet());
                    }
                }
                Router.Builder rb = Router.builder(graph).invoker(dispatch).health(shared).config(config).ticker(ticker).scheduler(scheduler)
                        .clock(clock).escalationPolicy(policy);
                listeners.forEach(rb::listener);
                ToolSpecification spec = specification(d);
                String goal = d.graph != null ? d.graph.goals().iterator().next() : DONE;
                if (tools.put(d.name, new DetourTool(spec, rb.build(), goal, d.graph == null, budget, all)) != null) {
                    throw new IllegalArgumentException("two tools are named '" + d.name + "'");
                }
            }
            return new DetourToolProvider(tools);
        }

        private ToolGraph logicalGraph(Declared d) {
            ToolGraph.Builder b = ToolGraph.builder(d.name).start(START);
            int cost = 1;
            for (String provider : d.providers) {
                ToolBackend backend = backends.get(provider);
                if (backend == null) {
                    throw new IllegalArgumentException("logical tool '" + d.name + "' names provider '" + provider
                            + "', which has no backend; registered: " + backends.keySet());
                }
                b.step(new Step(provider, provider, RESULT, ArgumentTemplate.INPUTS, backend.annotations(), null));
                b.transition(START, provider, cost++);
                b.transition(provider, DONE, 0);
            }
            return b.waypoint(DONE).goal(DONE).build();
        }

        private ToolSpecification specification(Declared d) {
            ToolSpecification.Builder spec = ToolSpecification.builder().name(d.name);
            ToolSpecification first = d.providers.isEmpty() ? null : backends.get(d.providers.getFirst()).specification().orElse(null);
            String description = d.description != null ? d.description : first != null ? first.description() : null;
            if (description != null) {
                spec.description(description);
            }
            JsonObjectSchema parameters = d.parameters != null ? d.parameters : first != null ? first.parameters() : null;
            if (parameters != null) {
                spec.parameters(parameters);
            }
            return spec.build();
        }

        private record Declared(String name, String description, JsonObjectSchema parameters, List<String> providers, ToolGraph graph) {
        }
    }
}
