package dev.detour.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.detour.graphs.ConfigException;
import dev.detour.graphs.ConfigProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One broken file per kind of mistake: each problem names the file, the line and the field. */
class ConfigProblemsTest {

    private static final String UPSTREAMS = """
            upstreams:
              search: {url: "http://localhost:8081/mcp"}
              backup: {command: [java, -jar, backup.jar]}
            """;

    @TempDir
    Path dir;

    static Stream<Arguments> brokenFiles() {
        return Stream.of(
                Arguments.of("YAML syntax", """
                        upstreams:
                          search: {url: "http://localhost:8081/mcp"
                        """, 3, "(syntax)", "not valid YAML"),
                Arguments.of("unknown top-level field", UPSTREAMS + """
                        logicalTool:
                          x: {}
                        """, 4, "logicalTool", "did you mean 'logicalTools'"),
                Arguments.of("no upstreams", """
                        budgets: {default: 10s}
                        """, 1, "upstreams", "'upstreams' is required"),
                Arguments.of("upstream with url and command", """
                        upstreams:
                          search: {url: "http://localhost:8081/mcp", command: [x]}
                        """, 2, "upstreams.search", "both 'url' and 'command'"),
                Arguments.of("upstream URL that is not a URL", """
                        upstreams:
                          search:
                            url: "localhost port 8081"
                        """, 3, "upstreams.search.url", "not a usable upstream URL"),
                Arguments.of("missing description", UPSTREAMS + """
                        logicalTools:
                          web_search:
                            providers: [{upstream: search, tool: s}]
                        """, 5, "logicalTools.web_search.description", "'description' is required"),
                Arguments.of("provider on an undeclared upstream", UPSTREAMS + """
                        logicalTools:
                          web_search:
                            description: Search.
                            providers:
                              - {upstream: bing, tool: s}
                        """, 8, "logicalTools.web_search.providers[0].upstream", "upstream 'bing' is not declared"),
                Arguments.of("provider without a tool", UPSTREAMS + """
                        logicalTools:
                          web_search:
                            description: Search.
                            providers:
                              - {upstream: search}
                        """, 8, "logicalTools.web_search.providers[0].tool", "'tool' is required"),
                Arguments.of("cost that is not a number", UPSTREAMS + """
                        logicalTools:
                          web_search:
                            description: Search.
                            providers:
                              - {upstream: search, tool: s, cost: cheap}
                        """, 8, "logicalTools.web_search.providers[0].cost", "expected a number"),
                Arguments.of("negative cost", UPSTREAMS + """
                        logicalTools:
                          web_search:
                            description: Search.
                            providers:
                              - {upstream: search, tool: s, cost: -5}
                        """, 8, "logicalTools.web_search.providers[0].cost", "not a finite non-negative number"),
                Arguments.of("hint that is not a boolean", UPSTREAMS + """
                        logicalTools:
                          web_search:
                            description: Search.
                            annotations: {readOnlyHint: maybe}
                            providers: [{upstream: search, tool: s}]
                        """, 7, "logicalTools.web_search.annotations.readOnlyHint", "expected true or false"),
                Arguments.of("input schema that is not an object schema", UPSTREAMS + """
                        logicalTools:
                          web_search:
                            description: Search.
                            inputSchema: {type: string}
                            providers: [{upstream: search, tool: s}]
                        """, 7, "logicalTools.web_search.inputSchema.type", "must have type: object"),
                Arguments.of("mapping that reads an unknown result", UPSTREAMS + """
                        logicalTools:
                          web_search:
                            description: Search.
                            providers:
                              - upstream: search
                                tool: s
                                arguments: {q: "${draft/text}"}
                        """, 10, "logicalTools.web_search.providers[0].arguments", "only ${input/...} is available"),
                Arguments.of("provider listed twice", UPSTREAMS + """
                        logicalTools:
                          web_search:
                            description: Search.
                            providers:
                              - {upstream: search, tool: s}
                              - {upstream: search, tool: s}
                        """, 9, "logicalTools.web_search.providers[1]", "listed twice"),
                Arguments.of("duration without a unit", UPSTREAMS + """
                        budgets:
                          default: 30
                        """, 5, "budgets.default", "expected a duration"),
                Arguments.of("default budget above the maximum", UPSTREAMS + """
                        budgets:
                          default: 10m
                          max: 1m
                        """, 5, "budgets.default", "exceeds the maximum"),
                Arguments.of("quantile outside (0, 1)", UPSTREAMS + """
                        budgets:
                          quantile: 95
                        """, 5, "budgets.quantile", "outside (0, 1)"),
                Arguments.of("default budget above the default maximum", UPSTREAMS + """
                        budgets:
                          default: 10m
                        """, 5, "budgets.default", "exceeds the maximum"),
                Arguments.of("maximum budget below the default one", UPSTREAMS + """
                        budgets:
                          max: 10s
                        """, 5, "budgets.max", "exceeds the maximum"),
                Arguments.of("zero default budget", UPSTREAMS + """
                        budgets:
                          default: 0ms
                        """, 5, "budgets.default", "must be positive"),
                Arguments.of("no reroute allowed", UPSTREAMS + """
                        budgets:
                          maxReroutes: 0
                        """, 5, "budgets.maxReroutes", "at least 1"),
                Arguments.of("monitor setting health-monitors rejects", UPSTREAMS + """
                        monitors:
                          breaker:
                            failureRateThreshold: 150
                        """, 5, "monitors.breaker", "failureRateThreshold"),
                Arguments.of("unknown monitor field", UPSTREAMS + """
                        monitors:
                          probes: {intervall: 1s}
                        """, 5, "monitors.probes.intervall", "did you mean 'interval'"),
                Arguments.of("pass-through pattern without an upstream", UPSTREAMS + """
                        passThrough:
                          exclude: ["delete_*"]
                        """, 5, "passThrough.exclude[0]", "not of the form upstream/tool"),
                Arguments.of("two tools with one name", UPSTREAMS + """
                        logicalTools:
                          report:
                            description: A.
                            providers: [{upstream: search, tool: s}]
                        goalTools:
                          report:
                            description: B.
                            graph: classpath:graphs/linear/support-ticket.yaml
                            bindings: {}
                        """, 9, "goalTools.report", "already declared"),
                Arguments.of("goal tool whose graph file is missing", UPSTREAMS + """
                        goalTools:
                          report:
                            description: B.
                            graph: graphs/nowhere.yaml
                            bindings: {}
                        """, 7, "goalTools.report.graph", "cannot read the graph file"),
                Arguments.of("goal tool with an unbound graph tool", UPSTREAMS + """
                        goalTools:
                          report:
                            description: B.
                            graph: classpath:graphs/linear/support-ticket.yaml
                            bindings:
                              openai.chat: {upstream: search, tool: chat}
                        """, 8, "goalTools.report.bindings", "no binding for the graph's tool(s)"),
                Arguments.of("binding of a tool the graph does not invoke", UPSTREAMS + """
                        goalTools:
                          report:
                            description: B.
                            graph: classpath:graphs/linear/support-ticket.yaml
                            bindings:
                              gpt.chat: {upstream: search, tool: chat}
                        """, 9, "goalTools.report.bindings.gpt.chat", "invokes no tool named 'gpt.chat'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFiles")
    void everyProblemNamesFileLineAndField(String kind, String yaml, int line, String field, String message) throws IOException {
        Path file = dir.resolve("broken.yaml");
        Files.writeString(file, yaml);

        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems())
                        .anySatisfy(p -> {
                            assertThat(p.file()).isEqualTo(file.toString());
                            assertThat(p.line()).isEqualTo(line);
                            assertThat(p.field()).isEqualTo(field);
                            assertThat(p.message() + " Fix: " + p.fix()).contains(message);
                        }))
                .hasMessageContaining(file + ":" + line)
                .hasMessageContaining(field + ": ");
    }

    @Test
    void allProblemsOfAFileAreReportedTogether() throws IOException {
        Path file = dir.resolve("broken.yaml");
        Files.writeString(file, UPSTREAMS + """
                logicalTools:
                  web_search:
                    providers: [{upstream: bing, tool: s, cost: -1}]
                budgets: {default: soon}
                """);

        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).extracting(ConfigProblem::field).contains(
                        "logicalTools.web_search.description",
                        "logicalTools.web_search.providers[0].upstream",
                        "logicalTools.web_search.providers[0].cost",
                        "budgets.default"));
    }

    @Test
    void aProblemInAGoalToolsGraphFileIsReportedAgainstThatFile() throws IOException {
        Path graph = dir.resolve("graph.yaml");
        Files.writeString(graph, """
                name: g
                start: s
                steps:
                  s: {}
                  a: {tool: t}
                  done: {}
                transitions:
                  - {from: s, to: a, cost: 1}
                  - {from: a, to: nowhere, cost: 0}
                goals: [done]
                """);
        Path file = dir.resolve("detour.yaml");
        Files.writeString(file, UPSTREAMS + """
                goalTools:
                  g:
                    description: G.
                    graph: graph.yaml
                    bindings: {t: {upstream: search, tool: t}}
                """);

        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(file + ":7:12: goalTools.g.graph")
                .hasMessageContaining(graph + ":9:19: transitions[1].to");
    }
}
