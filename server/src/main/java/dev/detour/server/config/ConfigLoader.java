package dev.detour.server.config;

import dev.detour.graphs.ConfigException;
import dev.detour.graphs.ConfigProblem;
import dev.detour.graphs.loader.GraphLoader;
import dev.detour.graphs.loader.LoadedGraph;
import dev.detour.graphs.loader.NodeReader;
import dev.detour.graphs.loader.NodeReader.Entry;
import dev.detour.graphs.loader.NodeReader.Located;
import dev.detour.graphs.loader.Source;
import dev.detour.health.MonitorRunnerConfig;
import dev.detour.health.breaker.BreakerConfig;
import dev.detour.health.latency.LatencySloConfig;
import dev.detour.health.outlier.OutlierConfig;
import dev.detour.health.probe.ProbeConfig;
import dev.detour.router.graph.ArgumentTemplate;
import dev.detour.router.graph.Step;
import dev.detour.router.graph.ToolGraph;
import dev.detour.server.upstream.UpstreamSpec;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads {@code detour.yaml} into a {@link DetourConfig}. Every problem in the file is collected —
 * not only the first — and each names the file, the line and the field, with a fix; goal tools'
 * graph files are loaded with tool-graphs' {@link GraphLoader} and their problems are reported
 * against the graph file. The YAML is read through tool-graphs' {@link NodeReader} (SnakeYAML's
 * node API, which keeps every node's position), the same reader graph files use.
 *
 * <p>Stateless and thread-safe.
 *
 * <pre>{@code
 * DetourConfig config = ConfigLoader.load(Path.of("detour.yaml"));
 * }</pre>
 */
public final class ConfigLoader {

    /** Tool names the agent sees: MCP's recommended character set and length. */
    public static final Pattern TOOL_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

    private static final List<String> TOP = List.of("upstreams", "logicalTools", "goalTools", "monitors", "budgets", "passThrough");
    private static final List<String> UPSTREAM = List.of("url", "command");
    private static final List<String> LOGICAL = List.of("description", "inputSchema", "annotations", "providers");
    private static final List<String> HINTS = List.of("title", "readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint");
    private static final List<String> PROVIDER = List.of("upstream", "tool", "arguments", "cost");
    private static final List<String> BINDING = List.of("upstream", "tool", "arguments");
    private static final List<String> GOAL = List.of("description", "graph", "inputSchema", "bindings", "outputs");
    private static final List<String> MONITORS = List.of("breaker", "outlier", "latency", "probes", "runner");
    private static final List<String> BREAKER = List.of("enabled", "failureRateThreshold", "slowCallRateThreshold", "slowCallDuration",
            "slidingWindowType", "slidingWindowSize", "minimumNumberOfCalls", "waitInOpen", "permittedCallsInHalfOpen", "halfOpenPenalty");
    private static final List<String> OUTLIER = List.of("enabled", "interval", "minimumRequests", "errorRateMargin", "failureRateThreshold",
            "baseEjectionTime", "maxEjectionTime", "maxEjectedShare");
    private static final List<String> LATENCY = List.of("enabled", "quantile", "slo", "slos", "window", "subIntervals", "minimumSamples",
            "recoveryRatio", "maxPenalty");
    private static final List<String> PROBES = List.of("enabled", "interval", "timeout", "failureThreshold", "successThreshold");
    private static final List<String> RUNNER = List.of("mailboxCapacity", "evaluationInterval", "stallThreshold", "drainDelay");
    private static final List<String> BUDGETS = List.of("default", "max", "minStepTimeout", "quantile", "expectedLatency", "maxReroutes");
    private static final List<String> PASS_THROUGH = List.of("include", "exclude", "hideProviders", "resources", "prompts");

    private ConfigLoader() {
    }

    /**
     * Loads and validates a config file.
     *
     * @throws ConfigException listing every problem, each with file, line, field and fix
     */
    public static DetourConfig load(Path path) {
        return load(Source.file(path));
    }

    /**
     * Loads and validates a config from any source; relative graph paths resolve against it.
     *
     * @throws ConfigException listing every problem, each with file, line, field and fix
     */
    public static DetourConfig load(Source source) {
        NodeReader reader = new NodeReader(source.name());
        String text;
        try {
            text = source.read();
        } catch (UncheckedIOException e) {
            throw new ConfigException(List.of(new ConfigProblem(source.name(), 0, 0, "(file)", "cannot read the file: " + e.getMessage(),
                    "check the path and the file's permissions")));
        }
        Optional<DetourConfig> config = reader.compose(text).flatMap(root -> new Parse(source, reader).config(root));
        if (!reader.problems().isEmpty() || config.isEmpty()) {
            throw new ConfigException(reader.problems());
        }
        return config.get();
    }

    /** One load: the reader collecting problems, and what was read so far. */
    private static final class Parse {
        private final Source source;
        private final NodeReader r;
        private final Map<String, UpstreamSpec> upstreams = new LinkedHashMap<>();
        private final Set<String> toolNames = new HashSet<>();

        Parse(Source source, NodeReader reader) {
            this.source = source;
            this.r = reader;
        }

        Optional<DetourConfig> config(Node root) {
            Optional<Map<String, Entry>> top = r.mapping(root, "", TOP);
            if (top.isEmpty()) {
                return Optional.empty();
            }
            Map<String, Entry> e = top.get();
            Entry ups = e.get("upstreams");
            if (ups == null) {
                r.problem(root, "upstreams", "'upstreams' is required", "declare at least one upstream MCP server, e.g. upstreams: {search: {url: http://localhost:8081/mcp}}");
            } else {
                upstreams(ups);
            }
            List<LogicalToolConfig> logical = e.containsKey("logicalTools") ? logicalTools(e.get("logicalTools")) : List.of();
            List<GoalToolConfig> goals = e.containsKey("goalTools") ? goalTools(e.get("goalTools")) : List.of();
            MonitorsConfig monitors = e.containsKey("monitors") ? monitors(e.get("monitors"), logical) : defaultMonitors(logical);
            BudgetsConfig budgets = e.containsKey("budgets") ? budgets(e.get("budgets")) : BudgetsConfig.ofDefaults();
            PassThroughRules passThrough = e.containsKey("passThrough") ? passThrough(e.get("passThrough")) : PassThroughRules.ofDefaults();
            if (!r.problems().isEmpty() || monitors == null || budgets == null || passThrough == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(new DetourConfig(source.name(), List.copyOf(upstreams.values()), logical, goals, monitors, budgets, passThrough));
            } catch (IllegalArgumentException ex) {
                r.problem(root, "(config)", ex.getMessage(), "correct the configuration as the message says");
                return Optional.empty();
            }
        }

        // ---- upstreams

        private void upstreams(Entry section) {
            r.mapping(section.value(), section.path(), null).ifPresent(entries -> {
                if (entries.isEmpty()) {
                    r.problem(section.keyNode(), section.path(), "no upstream is declared", "declare at least one upstream MCP server");
                }
                entries.values().forEach(this::upstream);
            });
        }

        private void upstream(Entry u) {
            if (!UpstreamSpec.NAME.matcher(u.key()).matches()) {
                r.problem(u.keyNode(), u.path(), "upstream name '" + u.key() + "' is not allowed",
                        "use 1 to 64 letters, digits, '_', '.' or '-'");
                return;
            }
            Optional<Map<String, Entry>> fields = r.mapping(u.value(), u.path(), UPSTREAM);
            if (fields.isEmpty()) {
                return;
            }
            Entry url = fields.get().get("url");
            Entry command = fields.get().get("command");
            if ((url == null) == (command == null)) {
                r.problem(u.keyNode(), u.path(), url == null ? "neither 'url' nor 'command' is given" : "both 'url' and 'command' are given",
                        "give exactly one: url: http://host:port/mcp for Streamable HTTP, or command: [program, args...] for stdio");
                return;
            }
            try {
                if (url != null) {
                    r.string(url.value(), url.path()).ifPresent(text -> {
                        try {
                            URI uri = URI.create(text);
                            if (uri.getHost() == null) {
                                throw new IllegalArgumentException("the URL has no host");
                            }
                            upstreams.put(u.key(), new UpstreamSpec.Http(u.key(), uri));
                        } catch (IllegalArgumentException e) {
                            r.problem(url.value(), url.path(), "'" + text + "' is not a usable upstream URL: " + e.getMessage(),
                                    "write an absolute http(s) URL of the upstream's MCP endpoint, e.g. http://localhost:8081/mcp");
                        }
                    });
                } else if (command.value() instanceof ScalarNode) {
                    r.string(command.value(), command.path()).ifPresent(text ->
                            upstreams.put(u.key(), UpstreamSpec.parse(u.key() + "=stdio:" + text)));
                } else {
                    List<String> words = r.strings(command.value(), command.path()).stream().map(Located::value).toList();
                    if (words.isEmpty()) {
                        r.problem(command.value(), command.path(), "the command is empty", "give the program and its arguments, e.g. [npx, -y, my-mcp-server]");
                    } else {
                        upstreams.put(u.key(), new UpstreamSpec.Stdio(u.key(), words));
                    }
                }
            } catch (IllegalArgumentException e) {
                Entry at = url != null ? url : command;
                r.problem(at.value(), at.path(), e.getMessage(), "correct the upstream's " + at.key());
            }
        }

        // ---- logical tools

        private List<LogicalToolConfig> logicalTools(Entry section) {
            List<LogicalToolConfig> tools = new ArrayList<>();
            r.mapping(section.value(), section.path(), null).ifPresent(entries -> entries.values().forEach(t -> {
                if (toolName(t)) {
                    logicalTool(t).ifPresent(tools::add);
                }
            }));
            return tools;
        }

        private boolean toolName(Entry t) {
            if (!TOOL_NAME.matcher(t.key()).matches()) {
                r.problem(t.keyNode(), t.path(), "tool name '" + t.key() + "' is not allowed", "use 1 to 128 letters, digits, '_', '.' or '-'");
                return false;
            }
            if (!toolNames.add(t.key())) {
                r.problem(t.keyNode(), t.path(), "a logical or goal tool named '" + t.key() + "' is already declared",
                        "give every tool the agent sees its own name");
                return false;
            }
            return true;
        }

        private Optional<LogicalToolConfig> logicalTool(Entry t) {
            Optional<Map<String, Entry>> fields = r.mapping(t.value(), t.path(), LOGICAL);
            if (fields.isEmpty()) {
                return Optional.empty();
            }
            Map<String, Entry> f = fields.get();
            int before = r.problems().size();
            String description = required(f, t, "description", "describe for the agent what the tool does").flatMap(d -> r.string(d.value(), d.path())).orElse("");
            Map<String, Object> schema = f.containsKey("inputSchema") ? inputSchema(f.get("inputSchema")) : null;
            ToolHints hints = f.containsKey("annotations") ? hints(f.get("annotations")) : ToolHints.NONE;
            List<LogicalToolConfig.Provider> providers = new ArrayList<>();
            required(f, t, "providers", "list the upstream tools that serve it, e.g. providers: [{upstream: search, tool: web_search}]")
                    .ifPresent(p -> providers(p, providers));
            if (r.problems().size() > before) {
                return Optional.empty();
            }
            return Optional.of(new LogicalToolConfig(t.key(), description, schema, hints, providers));
        }

        private void providers(Entry section, List<LogicalToolConfig.Provider> out) {
            r.sequence(section.value(), section.path()).ifPresent(items -> {
                if (items.isEmpty()) {
                    r.problem(section.value(), section.path(), "no provider is listed", "list at least one upstream tool that serves this tool");
                }
                Set<String> seen = new HashSet<>();
                for (int i = 0; i < items.size(); i++) {
                    Node item = items.get(i);
                    String path = section.path() + "[" + i + "]";
                    r.mapping(item, path, PROVIDER).ifPresent(f -> {
                        Optional<ProviderBinding> binding = binding(item, path, f, "input");
                        double cost = LogicalToolConfig.Provider.DEFAULT_COST;
                        Entry c = f.get("cost");
                        if (c != null) {
                            Optional<Double> value = r.number(c.value(), c.path());
                            if (value.isPresent() && (!(value.get() >= 0) || value.get().isInfinite())) {
                                r.problem(c.value(), c.path(), "cost " + value.get() + " is not a finite non-negative number",
                                        "give the provider's relative cost as a number ≥ 0, e.g. cost: 100");
                            } else if (value.isPresent()) {
                                cost = value.get();
                            }
                        }
                        if (binding.isPresent()) {
                            if (!seen.add(binding.get().routerToolId())) {
                                r.problem(item, path, "provider " + binding.get().tool() + " at upstream " + binding.get().upstream() + " is listed twice",
                                        "list each upstream tool once per logical tool");
                            } else {
                                out.add(new LogicalToolConfig.Provider(binding.get(), cost));
                            }
                        }
                    });
                }
            });
        }

        /** Reads upstream + tool + arguments; {@code inputName} is what the mapping's references read. */
        private Optional<ProviderBinding> binding(Node at, String path, Map<String, Entry> f, String inputName) {
            Optional<String> upstream = requiredAt(f, at, path, "upstream", "name one of the upstreams: " + String.join(", ", upstreams.keySet()))
                    .flatMap(u -> r.string(u.value(), u.path()).filter(name -> {
                        if (upstreams.containsKey(name)) {
                            return true;
                        }
                        r.problem(u.value(), u.path(), "upstream '" + name + "' is not declared under 'upstreams'",
                                upstreams.isEmpty() ? "declare it under 'upstreams'" : "use one of: " + String.join(", ", upstreams.keySet()));
                        return false;
                    }));
            Optional<String> tool = requiredAt(f, at, path, "tool", "give the tool's name at the upstream, e.g. tool: web_search")
                    .flatMap(t -> r.string(t.value(), t.path()));
            ArgumentTemplate arguments = null;
            Entry a = f.get("arguments");
            if (a != null) {
                Optional<Map<String, Entry>> mapping = r.mapping(a.value(), a.path(), null);
                if (mapping.isPresent()) {
                    try {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> raw = (Map<String, Object>) NodeReader.plain(a.value());
                        arguments = ArgumentTemplate.of(raw);
                        if (!arguments.references().isEmpty()) {
                            r.problem(a.value(), a.path(), "the mapping refers to " + arguments.references()
                                    + "; only ${" + inputName + "/...} is available here", "read the call's arguments as ${input/name}");
                        }
                    } catch (IllegalArgumentException e) {
                        r.problem(a.value(), a.path(), "malformed reference: " + e.getMessage(), "write references as ${input/json/pointer}");
                    }
                }
            }
            if (upstream.isEmpty() || tool.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new ProviderBinding(upstream.get(), tool.get(), arguments));
        }

        private Map<String, Object> inputSchema(Entry e) {
            if (r.mapping(e.value(), e.path(), null).isEmpty()) {
                return null;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> schema = (Map<String, Object>) NodeReader.plain(e.value());
            if (!"object".equals(schema.get("type"))) {
                r.problem(e.value(), e.path() + ".type", "an MCP tool's input schema must have type: object, found " + schema.get("type"),
                        "write inputSchema: {type: object, properties: {...}}");
            }
            return schema;
        }

        private ToolHints hints(Entry e) {
            Optional<Map<String, Entry>> fields = r.mapping(e.value(), e.path(), HINTS);
            if (fields.isEmpty()) {
                return ToolHints.NONE;
            }
            Map<String, Entry> f = fields.get();
            String title = Optional.ofNullable(f.get("title")).flatMap(t -> r.string(t.value(), t.path())).orElse(null);
            return new ToolHints(title, flag(f, "readOnlyHint"), flag(f, "destructiveHint"), flag(f, "idempotentHint"), flag(f, "openWorldHint"));
        }

        private Boolean flag(Map<String, Entry> f, String key) {
            Entry e = f.get(key);
            return e == null ? null : r.bool(e.value(), e.path()).orElse(null);
        }

        // ---- goal tools

        private List<GoalToolConfig> goalTools(Entry section) {
            List<GoalToolConfig> tools = new ArrayList<>();
            r.mapping(section.value(), section.path(), null).ifPresent(entries -> entries.values().forEach(t -> {
                if (toolName(t)) {
                    goalTool(t).ifPresent(tools::add);
                }
            }));
            return tools;
        }

        private Optional<GoalToolConfig> goalTool(Entry t) {
            Optional<Map<String, Entry>> fields = r.mapping(t.value(), t.path(), GOAL);
            if (fields.isEmpty()) {
                return Optional.empty();
            }
            Map<String, Entry> f = fields.get();
            int before = r.problems().size();
            String description = required(f, t, "description", "describe for the agent what the tool achieves").flatMap(d -> r.string(d.value(), d.path())).orElse("");
            Map<String, Object> schema = f.containsKey("inputSchema") ? inputSchema(f.get("inputSchema")) : null;
            Optional<Entry> graphEntry = required(f, t, "graph", "give the path of a tool-graphs YAML file, relative to this file");
            Optional<String> graphPath = graphEntry.flatMap(g -> r.string(g.value(), g.path()));
            Optional<ToolGraph> graph = graphPath.flatMap(p -> graph(graphEntry.get(), p));
            Map<String, ProviderBinding> bindings = new LinkedHashMap<>();
            Optional<Entry> bindingsEntry = required(f, t, "bindings", "bind every tool of the graph to an upstream tool, e.g. bindings: {openai.chat: {upstream: llm, tool: chat}}");
            bindingsEntry.ifPresent(b -> bindings(b, bindings));
            List<Located> outputs = f.containsKey("outputs") ? r.strings(f.get("outputs").value(), f.get("outputs").path()) : List.of();
            if (graph.isPresent() && bindingsEntry.isPresent()) {
                checkBindings(bindingsEntry.get(), graph.get(), bindings);
                checkOutputs(f.get("outputs"), graph.get(), outputs);
            }
            if (r.problems().size() > before || graph.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new GoalToolConfig(t.key(), description, graphPath.get(), graph.get(), schema, bindings,
                    outputs.stream().map(Located::value).toList()));
        }

        private Optional<ToolGraph> graph(Entry at, String path) {
            Source graphSource = source.resolve(path);
            try {
                LoadedGraph loaded = GraphLoader.load(graphSource);
                return Optional.of(loaded.graph());
            } catch (ConfigException e) {
                r.problem(at.value(), at.path(), "the graph file " + graphSource.name() + " has " + e.problems().size() + " problem(s), listed below",
                        "fix the graph file");
                r.problems().addAll(e.problems());
            } catch (UncheckedIOException e) {
                r.problem(at.value(), at.path(), "cannot read the graph file " + graphSource.name(), "check the path; it is relative to this file");
            }
            return Optional.empty();
        }

        private void bindings(Entry section, Map<String, ProviderBinding> out) {
            r.mapping(section.value(), section.path(), null).ifPresent(entries -> entries.values().forEach(b ->
                    r.mapping(b.value(), b.path(), BINDING).flatMap(f -> binding(b.value(), b.path(), f, "input"))
                            .ifPresent(binding -> out.put(b.key(), binding))));
        }

        private void checkBindings(Entry section, ToolGraph graph, Map<String, ProviderBinding> bindings) {
            Map<String, Entry> entries = r.mapping(section.value(), section.path(), null).orElse(Map.of());
            for (Entry b : entries.values()) {
                if (!graph.tools().contains(b.key())) {
                    r.problem(b.keyNode(), b.path(), "the graph invokes no tool named '" + b.key() + "'",
                            "bind only the graph's tools: " + String.join(", ", graph.tools()));
                }
            }
            List<String> missing = graph.tools().stream().filter(tool -> !entries.containsKey(tool)).toList();
            if (!missing.isEmpty()) {
                r.problem(section.keyNode(), section.path(), "no binding for the graph's tool(s) " + String.join(", ", missing),
                        "add a binding for each, e.g. " + missing.get(0) + ": {upstream: NAME, tool: TOOL}");
            }
        }

        private void checkOutputs(Entry outputsEntry, ToolGraph graph, List<Located> outputs) {
            Set<String> names = graph.steps().values().stream().filter(Step::invokesTool).map(Step::output).collect(Collectors.toCollection(java.util.LinkedHashSet::new));
            for (Located o : outputs) {
                if (!names.contains(o.value())) {
                    r.problem(o.node(), outputsEntry.path(), "no step of the graph produces an output named '" + o.value() + "'",
                            "name outputs of the graph's steps: " + String.join(", ", names));
                }
            }
        }

        // ---- monitors

        private MonitorsConfig defaultMonitors(List<LogicalToolConfig> logical) {
            OutlierConfig.Builder outlier = OutlierConfig.builder();
            capabilities(outlier, logical);
            MonitorsConfig d = MonitorsConfig.ofDefaults();
            return new MonitorsConfig(d.breaker(), outlier.build(), d.latency(), d.probes(), d.runner());
        }

        /**
         * The providers of one logical tool are interchangeable: outlier ejection compares them with each
         * other. An upstream tool may serve several logical tools, but health-monitors puts a tool in at
         * most one capability: it is compared within the first logical tool (in file order) that uses it,
         * and a capability left with fewer than two providers has nobody to compare and is not declared.
         */
        private static void capabilities(OutlierConfig.Builder outlier, List<LogicalToolConfig> logical) {
            Set<String> placed = new HashSet<>();
            for (LogicalToolConfig t : logical) {
                String[] peers = t.providers().stream().map(p -> p.binding().routerToolId()).filter(placed::add).toArray(String[]::new);
                if (peers.length >= 2) {
                    outlier.capability(t.name(), peers);
                }
            }
        }

        private MonitorsConfig monitors(Entry section, List<LogicalToolConfig> logical) {
            Optional<Map<String, Entry>> fields = r.mapping(section.value(), section.path(), MONITORS);
            if (fields.isEmpty()) {
                return null;
            }
            Map<String, Entry> f = fields.get();
            MonitorsConfig d = defaultMonitors(logical);
            BreakerConfig breaker = f.containsKey("breaker") ? monitor(f.get("breaker"), BREAKER, this::breaker) : d.breaker();
            OutlierConfig outlier = f.containsKey("outlier") ? monitor(f.get("outlier"), OUTLIER, g -> outlier(g, logical)) : d.outlier();
            LatencySloConfig latency = f.containsKey("latency") ? monitor(f.get("latency"), LATENCY, this::latency) : d.latency();
            ProbeConfig probes = f.containsKey("probes") ? monitor(f.get("probes"), PROBES, this::probes) : d.probes();
            MonitorRunnerConfig runner = f.containsKey("runner") ? monitor(f.get("runner"), RUNNER, this::runner) : d.runner();
            if (runner == null) {
                return null;
            }
            return new MonitorsConfig(breaker, outlier, latency, probes, runner);
        }

        /** Reads one monitor section; null when it is switched off or has problems. */
        private <T> T monitor(Entry section, List<String> keys, Function<Fields, T> build) {
            Optional<Map<String, Entry>> fields = r.mapping(section.value(), section.path(), keys);
            if (fields.isEmpty()) {
                return null;
            }
            Fields f = new Fields(fields.get());
            if (f.has("enabled") && !f.bool("enabled")) {
                return null;
            }
            int before = r.problems().size();
            try {
                T built = build.apply(f);
                return r.problems().size() > before ? null : built;
            } catch (IllegalArgumentException e) {
                if (r.problems().size() == before) {
                    r.problem(section.keyNode(), section.path(), e.getMessage(), "correct the values of '" + section.path() + "'");
                }
                return null;
            }
        }

        private BreakerConfig breaker(Fields f) {
            BreakerConfig d = BreakerConfig.ofDefaults();
            BreakerConfig.Builder b = BreakerConfig.builder();
            f.number("failureRateThreshold", v -> b.failureRateThreshold(v.floatValue()));
            f.number("slowCallRateThreshold", v -> b.slowCallRateThreshold(v.floatValue()));
            f.duration("slowCallDuration", b::slowCallDuration);
            SlidingWindowType type = f.has("slidingWindowType")
                    ? f.choice("slidingWindowType", Map.of("count", SlidingWindowType.COUNT_BASED, "time", SlidingWindowType.TIME_BASED), d.slidingWindowType())
                    : d.slidingWindowType();
            int size = f.has("slidingWindowSize") ? f.integer("slidingWindowSize", d.slidingWindowSize()) : d.slidingWindowSize();
            int minimum = f.has("minimumNumberOfCalls") ? f.integer("minimumNumberOfCalls", d.minimumNumberOfCalls()) : d.minimumNumberOfCalls();
            b.slidingWindow(type, size, minimum);
            f.duration("waitInOpen", b::waitInOpen);
            f.integer("permittedCallsInHalfOpen", b::permittedCallsInHalfOpen);
            f.number("halfOpenPenalty", b::halfOpenPenalty);
            return b.build();
        }

        private OutlierConfig outlier(Fields f, List<LogicalToolConfig> logical) {
            OutlierConfig.Builder b = OutlierConfig.builder();
            capabilities(b, logical);
            f.duration("interval", b::interval);
            f.integer("minimumRequests", b::minimumRequests);
            f.number("errorRateMargin", b::errorRateMargin);
            f.number("failureRateThreshold", b::failureRateThreshold);
            f.duration("baseEjectionTime", b::baseEjectionTime);
            f.duration("maxEjectionTime", b::maxEjectionTime);
            f.number("maxEjectedShare", b::maxEjectedShare);
            return b.build();
        }

        private LatencySloConfig latency(Fields f) {
            LatencySloConfig d = LatencySloConfig.ofDefaults();
            LatencySloConfig.Builder b = LatencySloConfig.builder();
            f.number("quantile", b::quantile);
            f.duration("slo", b::defaultSlo);
            if (f.has("slos")) {
                Entry slos = f.get("slos");
                r.mapping(slos.value(), slos.path(), null).ifPresent(m -> m.values().forEach(s -> duration(s).ifPresent(v -> b.slo(s.key(), v))));
            }
            if (f.has("window") || f.has("subIntervals")) {
                Duration window = f.has("window") ? duration(f.get("window")).orElse(d.window()) : d.window();
                int pieces = f.has("subIntervals") ? f.integer("subIntervals", d.subIntervals()) : d.subIntervals();
                b.window(window, pieces);
            }
            f.integer("minimumSamples", b::minimumSamples);
            f.number("recoveryRatio", b::recoveryRatio);
            f.number("maxPenalty", b::maxPenalty);
            return b.build();
        }

        private ProbeConfig probes(Fields f) {
            ProbeConfig.Builder b = ProbeConfig.builder();
            f.duration("interval", b::interval);
            f.duration("timeout", b::timeout);
            f.integer("failureThreshold", b::failureThreshold);
            f.integer("successThreshold", b::successThreshold);
            return b.build();
        }

        private MonitorRunnerConfig runner(Fields f) {
            MonitorRunnerConfig.Builder b = MonitorRunnerConfig.builder();
            f.integer("mailboxCapacity", b::mailboxCapacity);
            f.duration("evaluationInterval", b::evaluationInterval);
            f.duration("stallThreshold", b::stallThreshold);
            f.duration("drainDelay", b::drainDelay);
            return b.build();
        }

        // ---- budgets and pass-through

        private BudgetsConfig budgets(Entry section) {
            Optional<Map<String, Entry>> fields = r.mapping(section.value(), section.path(), BUDGETS);
            if (fields.isEmpty()) {
                return null;
            }
            Fields f = new Fields(fields.get());
            int before = r.problems().size();
            BudgetsConfig.Builder b = BudgetsConfig.builder();
            Duration defaultBudget = f.has("default") ? duration(f.get("default")).orElse(null) : BudgetsConfig.DEFAULT_BUDGET;
            Duration max = f.has("max") ? duration(f.get("max")).orElse(null) : BudgetsConfig.DEFAULT_MAX_BUDGET;
            if (defaultBudget != null && max != null) {
                if (defaultBudget.isZero()) {
                    r.problem(f.get("default").value(), f.get("default").path(), "the default budget must be positive", "give a budget such as default: 30s");
                } else if (defaultBudget.compareTo(max) > 0) {
                    Entry at = f.has("default") ? f.get("default") : f.get("max");
                    r.problem(at.value(), at.path(), "the default budget " + text(defaultBudget) + " exceeds the maximum " + text(max),
                            "make budgets.default at most budgets.max");
                }
                b.defaultBudget(defaultBudget).maxBudget(max);
            }
            f.duration("minStepTimeout", b::minStepTimeout);
            f.number("quantile", v -> {
                if (!(v > 0 && v < 1)) {
                    r.problem(f.get("quantile").value(), f.get("quantile").path(), "quantile " + v + " is outside (0, 1)", "write e.g. quantile: 0.95 for p95");
                }
                b.quantile(v);
            });
            f.duration("expectedLatency", b::expectedLatency);
            f.integer("maxReroutes", v -> {
                if (v < 1) {
                    r.problem(f.get("maxReroutes").value(), f.get("maxReroutes").path(), "maxReroutes must be at least 1, was " + v, "write e.g. maxReroutes: 32");
                }
                b.maxReroutes(v);
            });
            if (r.problems().size() > before) {
                return null;
            }
            try {
                return b.build();
            } catch (IllegalArgumentException e) {
                r.problem(section.keyNode(), section.path(), e.getMessage(), "correct the values of 'budgets'");
                return null;
            }
        }

        private PassThroughRules passThrough(Entry section) {
            Optional<Map<String, Entry>> fields = r.mapping(section.value(), section.path(), PASS_THROUGH);
            if (fields.isEmpty()) {
                return null;
            }
            Fields f = new Fields(fields.get());
            int before = r.problems().size();
            PassThroughRules.Builder b = PassThroughRules.builder();
            if (f.has("include")) {
                b.include(patterns(f.get("include")));
            }
            if (f.has("exclude")) {
                b.exclude(patterns(f.get("exclude")));
            }
            if (f.has("hideProviders")) {
                b.hideProviders(f.bool("hideProviders"));
            }
            if (f.has("resources")) {
                b.resources(f.bool("resources"));
            }
            if (f.has("prompts")) {
                b.prompts(f.bool("prompts"));
            }
            return r.problems().size() > before ? null : b.build();
        }

        private List<String> patterns(Entry e) {
            List<String> out = new ArrayList<>();
            List<Located> items = r.strings(e.value(), e.path());
            for (int i = 0; i < items.size(); i++) {
                Located p = items.get(i);
                try {
                    PassThroughRules.check(p.value());
                    out.add(p.value());
                } catch (IllegalArgumentException ex) {
                    r.problem(p.node(), e.path() + "[" + i + "]", ex.getMessage(), "write upstream/tool, e.g. search/* or */get_*");
                }
            }
            return out;
        }

        // ---- scalars

        private Optional<Duration> duration(Entry e) {
            return r.duration(e.value(), e.path());
        }

        private static String text(Duration d) {
            return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
        }

        private Optional<Entry> required(Map<String, Entry> fields, Entry parent, String key, String fix) {
            return requiredAt(fields, parent.keyNode(), parent.path(), key, fix);
        }

        private Optional<Entry> requiredAt(Map<String, Entry> fields, Node at, String path, String key, String fix) {
            Entry e = fields.get(key);
            if (e == null) {
                r.problem(at, path + "." + key, "'" + key + "' is required", fix);
            }
            return Optional.ofNullable(e);
        }

        /** The fields of one section, with typed setters that record problems. */
        private final class Fields {
            private final Map<String, Entry> entries;

            Fields(Map<String, Entry> entries) {
                this.entries = entries;
            }

            boolean has(String key) {
                return entries.containsKey(key);
            }

            Entry get(String key) {
                return entries.get(key);
            }

            void duration(String key, Consumer<Duration> set) {
                if (has(key)) {
                    Parse.this.duration(get(key)).ifPresent(set);
                }
            }

            void number(String key, Consumer<Double> set) {
                if (has(key)) {
                    r.number(get(key).value(), get(key).path()).ifPresent(set);
                }
            }

            void integer(String key, Consumer<Integer> set) {
                if (has(key)) {
                    r.integer(get(key).value(), get(key).path()).ifPresent(set);
                }
            }

            int integer(String key, int fallback) {
                return r.integer(get(key).value(), get(key).path()).orElse(fallback);
            }

            boolean bool(String key) {
                return r.bool(get(key).value(), get(key).path()).orElse(true);
            }

            <T> T choice(String key, Map<String, T> choices, T fallback) {
                Optional<String> v = r.string(get(key).value(), get(key).path());
                if (v.isPresent() && choices.containsKey(v.get())) {
                    return choices.get(v.get());
                }
                v.ifPresent(value -> r.problem(get(key).value(), get(key).path(), "'" + value + "' is not one of " + choices.keySet(),
                        "write one of: " + String.join(", ", choices.keySet())));
                return fallback;
            }
        }
    }
}
