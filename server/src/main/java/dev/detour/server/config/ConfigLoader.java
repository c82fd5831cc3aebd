package dev.detour.server.config;

import dev.detour.graphs.ConfigException;
import dev.detour.graphs.ConfigProblem;
import dev.detour.graphs.loader.GraphLoader;
import dev.detour.graphs.loader.NodeReader;
import dev.detour.graphs.loader.NodeReader.Entry;
import dev.detour.graphs.loader.Source;
import dev.detour.langchain4j.LlmConfig;
import dev.detour.router.RouterConfig;
import dev.detour.server.audit.AuditConfig;
import dev.detour.server.auth.AdminConfig;
import dev.detour.server.auth.AuthConfig;
import dev.detour.server.cluster.ClusterConfig;
import dev.detour.server.policy.LimitsConfig;
import dev.detour.server.policy.PolicyConfig;
import dev.detour.server.secret.SecretTemplates;
import dev.detour.server.upstream.UpstreamSpec;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads {@code detour.yaml} into a {@link DetourConfig}. Every problem in the file is collected —
 * not only the first — and each names the file, the line and the field, with a fix; goal tools'
 * graph files are loaded with tool-graphs' {@link GraphLoader} and their problems are reported
 * against the graph file. The YAML is read through tool-graphs' {@link NodeReader} (SnakeYAML's
 * node API, which keeps every node's position), the same reader graph files use.
 *
 * <p>This class only orchestrates: one reader per section ({@code UpstreamsReader},
 * {@code LogicalToolsReader}, {@code GoalToolsReader}, {@code MonitorsReader},
 * {@code BudgetsReader}, {@code PassThroughReader}, {@code LlmReader}, {@code ClusterReader}, …) builds that section's records, and the records
 * check their own values.
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

    private static final List<String> SECTIONS = List.of("upstreams", "logicalTools", "goalTools", "monitors", "budgets", "passThrough",
            "llm", "auth", "policy", "limits", "audit", "admin", "cluster");

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
     * Loads and validates a config from any source; relative graph paths resolve against it;
     * {@code ${env:NAME}} values are read from the process environment.
     *
     * @throws ConfigException listing every problem, each with file, line, field and fix
     */
    public static DetourConfig load(Source source) {
        return load(source, SecretTemplates.system());
    }

    /**
     * Loads and validates a config, resolving {@code ${env:…}} through {@code templates}.
     *
     * @throws ConfigException listing every problem, each with file, line, field and fix
     */
    public static DetourConfig load(Source source, SecretTemplates templates) {
        NodeReader reader = new NodeReader(source.name());
        String text;
        try {
            text = source.read();
        } catch (UncheckedIOException e) {
            throw new ConfigException(List.of(new ConfigProblem(source.name(), 0, 0, "(file)", "cannot read the file: " + e.getMessage(),
                    "check the path and the file's permissions")));
        }
        Optional<DetourConfig> config = reader.compose(text).flatMap(root -> config(root, source, reader, templates));
        if (!reader.problems().isEmpty() || config.isEmpty()) {
            throw new ConfigException(reader.problems());
        }
        return config.get();
    }

    private static Optional<DetourConfig> config(Node root, Source source, NodeReader r, SecretTemplates templates) {
        Optional<Map<String, Entry>> top = r.mapping(root, "", SECTIONS);
        if (top.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Entry> sections = top.get();
        Map<String, UpstreamSpec> upstreams = Map.of();
        if (sections.containsKey("upstreams")) {
            upstreams = new UpstreamsReader(r, templates).read(sections.get("upstreams"));
        } else {
            r.problem(root, "upstreams", "'upstreams' is required",
                    "declare at least one upstream MCP server, e.g. upstreams: {search: {url: http://localhost:8081/mcp}}");
        }
        ToolSections tools = new ToolSections(r);
        BindingReader bindings = new BindingReader(r, upstreams.keySet());
        List<LogicalToolConfig> logical = section(sections, "logicalTools", new LogicalToolsReader(r, tools, bindings)::read, List::of);
        List<GoalToolConfig> goals = section(sections, "goalTools", new GoalToolsReader(r, source, tools, bindings)::read, List::of);
        MonitorsReader monitors = new MonitorsReader(r, logical);
        Optional<MonitorsConfig> monitorsConfig = section(sections, "monitors", monitors::read, () -> Optional.of(monitors.defaults()));
        Optional<RouterConfig> routing = section(sections, "budgets", new BudgetsReader(r)::read, () -> Optional.of(RouterConfig.ofDefaults()));
        Optional<PassThroughRules> passThrough = section(sections, "passThrough", new PassThroughReader(r)::read,
                () -> Optional.of(PassThroughRules.ofDefaults()));
        Optional<LlmConfig> llm = section(sections, "llm", new LlmReader(r, new SecretFields(r, templates))::read, Optional::empty);
        Path base = source instanceof Source.FileSource file && file.path().toAbsolutePath().getParent() != null
                ? file.path().toAbsolutePath().getParent() : Path.of("");
        AuthReader authReader = new AuthReader(r, base);
        Optional<AuthConfig> auth = section(sections, "auth", authReader::read, Optional::empty);
        Optional<PolicyConfig> policy = section(sections, "policy", new PolicyReader(r)::read, Optional::empty);
        Optional<LimitsConfig> limits = section(sections, "limits", new LimitsReader(r)::read, () -> Optional.of(LimitsConfig.none()));
        Optional<AuditConfig> audit = section(sections, "audit", new AuditReader(r)::read, Optional::empty);
        Optional<AdminConfig> admin = section(sections, "admin", new AdminReader(r, authReader)::read, Optional::empty);
        Optional<ClusterConfig> cluster = section(sections, "cluster", new ClusterReader(r)::read, () -> Optional.of(ClusterConfig.disabled()));
        if (!r.problems().isEmpty() || monitorsConfig.isEmpty() || routing.isEmpty() || passThrough.isEmpty() || limits.isEmpty()
                || cluster.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new DetourConfig(source.name(), List.copyOf(upstreams.values()), logical, goals, monitorsConfig.get(),
                    routing.get(), passThrough.get(), llm.orElse(null), auth.orElse(null), policy.orElse(null), limits.get(),
                    audit.orElse(null), admin.orElse(null), cluster.get()));
        } catch (IllegalArgumentException e) {
            r.problem(root, "(config)", e.getMessage(), "correct the configuration as the message says");
            return Optional.empty();
        }
    }

    /** A section read by its reader, or its default when the file leaves it out. */
    private static <T> T section(Map<String, Entry> sections, String name, Function<Entry, T> read, Supplier<T> absent) {
        Entry section = sections.get(name);
        return section == null ? absent.get() : read.apply(section);
    }
}
