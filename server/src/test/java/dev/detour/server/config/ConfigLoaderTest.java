package dev.detour.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.detour.router.RouterConfig;
import dev.detour.router.budget.BudgetConfig;
import dev.detour.router.graph.ToolAnnotations;
import dev.detour.server.upstream.UpstreamSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

class ConfigLoaderTest {

    /** Surefire runs in the module directory; the example lives in the repository's docs. */
    static final Path EXAMPLE = Path.of("..", "docs", "examples", "detour.yaml");

    @TempDir
    Path dir;

    @Test
    void theExampleConfigLoads() {
        DetourConfig config = ConfigLoader.load(EXAMPLE);

        assertThat(config.upstreams()).extracting(UpstreamSpec::name)
                .containsExactly("brave", "searxng", "geo", "osm", "llm", "crm", "mail", "helpdesk");
        assertThat(config.logicalTools()).extracting(LogicalToolConfig::name).containsExactly("web_search", "geocode", "send_receipt");
        assertThat(config.goalTools()).extracting(GoalToolConfig::name).containsExactly("answer_ticket");
        assertThat(config.goalTools().get(0).graph().tools()).hasSize(9);
        assertThat(config.routing().budget().defaultDeadline()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.monitors().latency().slos()).containsEntry("brave_web_search@brave", Duration.ofMillis(800));
        assertThat(config.llm().provider().configName()).isEqualTo("openai-compatible");
        assertThat(config.llm().model()).isEqualTo("qwen2.5:3b");
    }

    @Test
    void theExampleConfigMatchesThePublishedSchema() throws IOException {
        Schema schema;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("schema/detour-config.schema.json")) {
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(new ObjectMapper().readTree(in));
        }
        Object yaml = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(EXAMPLE));
        JsonNode document = new ObjectMapper().valueToTree(yaml);

        List<Error> errors = schema.validate(document);

        assertThat(errors).isEmpty();
    }

    @Test
    void stdioCommandsAreSplitLikeAShellWouldAndHttpUrlsKeptAsGiven() {
        DetourConfig config = ConfigLoader.load(EXAMPLE);

        assertThat(config.upstream("osm")).contains(new UpstreamSpec.Stdio("osm", List.of("java", "-jar", "osm-geocoder-mcp.jar", "--stdio")));
        assertThat(config.upstream("geo")).contains(new UpstreamSpec.Stdio("geo", List.of("npx", "-y", "@example/geocoder-mcp")));
        assertThat(config.upstream("brave")).contains(new UpstreamSpec.Http("brave", java.net.URI.create("http://localhost:8081/mcp")));
    }

    @Test
    void annotationsDecideFailoverSafetyWithMcpDefaultsForUnsetHints() {
        DetourConfig config = ConfigLoader.load(EXAMPLE);

        assertThat(tool(config, "web_search").hints().routing()).isEqualTo(ToolAnnotations.READ_ONLY);
        assertThat(tool(config, "send_receipt").hints().routing().safeToRepeat()).isFalse();
        assertThat(new ToolHints(null, null, null, null, null).routing()).isEqualTo(ToolAnnotations.UNKNOWN);
    }

    @Test
    void anInputSchemaKeepsItsNullValuesInsteadOfFailingTheLoad() throws IOException {
        Path file = write("""
                upstreams:
                  a: {url: "http://127.0.0.1:9/mcp"}
                logicalTools:
                  echo:
                    description: Echo.
                    inputSchema: {type: object, description: ~}
                    providers:
                      - {upstream: a, tool: echo}
                """);

        LogicalToolConfig echo = ConfigLoader.load(file).logicalTools().get(0);

        assertThat(echo.inputSchema()).containsEntry("type", "object").containsEntry("description", null);
    }

    @Test
    void providersWithoutAMappingForwardTheArgumentsAndCostsDefaultToOne() throws IOException {
        Path file = write("""
                upstreams:
                  a: {url: "http://127.0.0.1:9/mcp"}
                logicalTools:
                  echo:
                    description: Echo.
                    providers:
                      - {upstream: a, tool: echo}
                """);

        LogicalToolConfig echo = ConfigLoader.load(file).logicalTools().get(0);

        assertThat(echo.providers().get(0).binding().forwardsArguments()).isTrue();
        assertThat(echo.providers().get(0).cost()).isEqualTo(LogicalToolConfig.Provider.DEFAULT_COST);
        assertThat(echo.inputSchema()).isEqualTo(Map.of("type", "object"));
    }

    @Test
    void omittedSectionsTakeTheirDefaultsAndOutlierEjectionComparesEachLogicalToolsProviders() throws IOException {
        Path file = write("""
                upstreams:
                  a: {url: "http://127.0.0.1:9/mcp"}
                  b: {url: "http://127.0.0.1:10/mcp"}
                logicalTools:
                  search:
                    description: Search.
                    providers: [{upstream: a, tool: s}, {upstream: b, tool: s}]
                """);

        DetourConfig config = ConfigLoader.load(file);

        assertThat(config.routing()).isEqualTo(RouterConfig.ofDefaults());
        assertThat(config.passThrough()).isEqualTo(PassThroughRules.ofDefaults());
        assertThat(config.monitors().outlier().capabilities()).containsEntry("search", java.util.Set.of("s@a", "s@b"));
    }

    @Test
    void theBudgetsSectionIsRouterCoresOwnConfigurationUnderTheFilesKeys() throws IOException {
        Path file = write("""
                upstreams:
                  a: {url: "http://127.0.0.1:9/mcp"}
                budgets:
                  default: 1.5s
                  max: 2 m
                  minStepTimeout: 20ms
                  quantile: 0.9
                  expectedLatency: 250ms
                  maxReroutes: 4
                """);

        RouterConfig routing = ConfigLoader.load(file).routing();

        assertThat(routing).isEqualTo(RouterConfig.builder().maxReroutes(4).budget(BudgetConfig.builder()
                .defaultDeadline(Duration.ofMillis(1500)).maxDeadline(Duration.ofMinutes(2)).minStepTimeout(Duration.ofMillis(20))
                .quantile(0.9).defaultExpectedLatency(Duration.ofMillis(250)).build()).build());
    }

    @Test
    void anUpstreamToolServingTwoLogicalToolsIsComparedWithinTheFirstOnly() throws IOException {
        Path file = write("""
                upstreams:
                  a: {url: "http://127.0.0.1:9/mcp"}
                  b: {url: "http://127.0.0.1:10/mcp"}
                logicalTools:
                  search:
                    description: Search.
                    providers: [{upstream: a, tool: s}, {upstream: b, tool: s}]
                  lookup:
                    description: Look up.
                    providers: [{upstream: b, tool: s}]
                """);

        DetourConfig config = ConfigLoader.load(file);

        assertThat(config.monitors().outlier().capabilities()).containsOnlyKeys("search").containsEntry("search", java.util.Set.of("s@a", "s@b"));
    }

    @Test
    void aMonitorCanBeSwitchedOff() throws IOException {
        Path file = write("""
                upstreams:
                  a: {url: "http://127.0.0.1:9/mcp"}
                monitors:
                  probes: {enabled: false}
                """);

        assertThat(ConfigLoader.load(file).monitors().probes()).isNull();
    }

    @Test
    void theRoutedToolsAreEveryProviderAndGoalBindingUnderItsRouterId() {
        DetourConfig config = ConfigLoader.load(EXAMPLE);

        assertThat(config.routedTools()).startsWith("brave_web_search@brave", "search@searxng", "geocode@geo", "search_address@osm", "send_email@mail")
                .contains("chat@llm", "update_ticket@helpdesk", "send_email_backup@mail")
                .hasSize(13);
    }

    @Test
    void passThroughHidesProvidersAndExcludedToolsButShowsTheRest() {
        DetourConfig config = ConfigLoader.load(EXAMPLE);

        assertThat(config.passesThrough("brave", "brave_local_search")).isTrue();
        assertThat(config.passesThrough("brave", "brave_web_search")).isFalse();
        assertThat(config.passesThrough("helpdesk", "update_ticket")).isFalse();
        assertThat(config.passesThrough("crm", "delete_contact")).isFalse();
    }

    private static LogicalToolConfig tool(DetourConfig config, String name) {
        return config.logicalTools().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("detour.yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
