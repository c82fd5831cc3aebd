package dev.detour.langchain4j.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.detour.router.RouteResult;
import dev.detour.router.error.ErrorCategory;
import dev.detour.router.event.Completed;
import dev.detour.router.event.Rerouted;
import dev.detour.router.event.RouteEvent;
import dev.detour.router.event.RouteJournal;
import dev.detour.router.event.StepFailed;
import dev.detour.router.graph.Step;
import dev.detour.router.graph.ToolAnnotations;
import dev.detour.router.graph.ToolGraph;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.mcp.client.DefaultMcpClient;
import dev.langchain4j.mcp.client.McpClient;
import dev.langchain4j.mcp.client.transport.http.StreamableHttpMcpTransport;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.service.tool.ToolExecutionResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DetourToolProviderTest {

    private final Weather primary = new Weather("primary");
    private final Weather backup = new Weather("backup");
    private final RouteJournal journal = new RouteJournal();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    private DetourToolProvider javaProviders() {
        return DetourToolProvider.builder()
                .backend("weather@primary", ToolBackends.method(primary, "weather", ToolAnnotations.READ_ONLY))
                .backend("weather@backup", ToolBackends.method(backup, "weather", ToolAnnotations.READ_ONLY))
                .logicalTool("weather", null, "weather@primary", "weather@backup")
                .listener(journal)
                .build();
    }

    @Test
    void aLogicalToolLooksLikeItsFirstProvider() {
        ToolSpecification spec = javaProviders().specifications().getFirst();

        assertThat(spec.name()).isEqualTo("weather");
        assertThat(spec.description()).isEqualTo("Current weather for a city");
        assertThat(spec.parameters().properties()).containsOnlyKeys("city");
    }

    @Test
    void theFirstProviderAnswersWhileItIsHealthy() {
        ToolExecutionResult result = javaProviders().execute("weather", "{\"city\":\"Paris\"}");

        assertThat(result.isError()).isFalse();
        assertThat(result.resultText()).isEqualTo("sunny in Paris (primary)");
        assertThat(backup.calls()).isZero();
    }

    @Test
    void aFailingProviderIsReplacedWithinTheSameToolExecution() {
        primary.down(true);

        ToolExecutionResult result = javaProviders().execute("weather", "{\"city\":\"Paris\"}");

        assertThat(result.isError()).isFalse();
        assertThat(result.resultText()).isEqualTo("sunny in Paris (backup)");
        assertThat(journal.recent()).extracting(RouteEvent::getClass).map(Class::getSimpleName)
                .containsExactly("StepFailed", "Rerouted", "StepSucceeded", "Completed");
        assertThat(journal.recent(StepFailed.class).getFirst().error().category()).isEqualTo(ErrorCategory.UPSTREAM_UNAVAILABLE);
        assertThat(journal.recent(Rerouted.class).getFirst().newPath()).containsExactly("start", "weather@backup", "done");
    }

    @Test
    void withEveryProviderDownTheModelIsToldInOneSentence() {
        primary.down(true);
        backup.down(true);

        ToolExecutionResult result = javaProviders().execute("weather", "{\"city\":\"Paris\"}");

        assertThat(result.isError()).isTrue();
        assertThat(result.resultText()).isEqualTo("No provider of 'weather' is available right now; try again later or tell the user the tool is down.");
    }

    @Test
    void argumentsThatAreNotJsonAreSentBackToTheModel() {
        ToolExecutionResult result = javaProviders().execute("weather", "city=Paris");

        assertThat(result.isError()).isTrue();
        assertThat(result.resultText()).startsWith("'weather' rejected the arguments (they are not a JSON object)");
        assertThat(primary.calls()).isZero();
    }

    @Test
    void aToolThatMayHaveActedIsNotSentElsewhere() {
        Object payments = new Object() {
            @dev.langchain4j.agent.tool.Tool("Charge a card")
            public String charge(String card) {
                throw new IllegalStateException("socket closed after the request went out");
            }
        };
        Weather other = new Weather("other");
        DetourToolProvider tools = DetourToolProvider.builder()
                .backend("charge@a", ToolBackends.method(payments, "charge", ToolAnnotations.UNKNOWN))
                .backend("charge@b", ToolBackends.method(other, "weather", ToolAnnotations.UNKNOWN))
                .logicalTool("charge", "Charge a card", "charge@a", "charge@b")
                .build();

        ToolExecutionResult result = tools.execute("charge", "{\"card\":\"4242\"}");

        assertThat(result.isError()).isTrue();
        assertThat(result.resultText()).isEqualTo("'charge' failed after its request reached charge@a and may already have taken effect;"
                + " check the outcome before calling it again (Detour did not retry it).");
        assertThat(other.calls()).isZero();
    }

    @Test
    void anMcpProviderFailsOverToAJavaOne() throws Exception {
        LoopbackMcpServer mcp = new LoopbackMcpServer("weather", true, args -> LoopbackMcpServer.text("service unavailable", true));
        closeables.add(mcp);
        McpClient client = new DefaultMcpClient.Builder()
                .transport(StreamableHttpMcpTransport.builder().url(mcp.url()).timeout(Duration.ofSeconds(5)).build())
                .toolExecutionTimeout(Duration.ofSeconds(5))
                .build();
        closeables.add(client);
        ToolBackend remote = ToolBackends.mcp(client, "weather");
        DetourToolProvider tools = DetourToolProvider.builder()
                .backend("weather@mcp", remote)
                .backend("weather@java", ToolBackends.method(backup, "weather", ToolAnnotations.READ_ONLY))
                .logicalTool("weather", null, "weather@mcp", "weather@java")
                .listener(journal)
                .build();

        assertThat(remote.annotations()).isEqualTo(ToolAnnotations.READ_ONLY);
        assertThat(tools.specifications().getFirst().description()).isEqualTo("the weather of a city");
        assertThat(tools.execute("weather", "{\"city\":\"Oslo\"}").resultText()).isEqualTo("sunny in Oslo (backup)");
        assertThat(journal.recent(StepFailed.class).getFirst().error()).satisfies(e -> assertThat(e.category())
                .as(e.message()).isEqualTo(ErrorCategory.UPSTREAM_UNAVAILABLE));

        mcp.answer(args -> LoopbackMcpServer.text("rainy in " + args.get("city") + " (mcp)", false));
        assertThat(tools.execute("weather", "{\"city\":\"Oslo\"}").resultText()).isEqualTo("rainy in Oslo (mcp)");
        assertThat(mcp.calls()).isEqualTo(2);
    }

    @Test
    void aGoalToolRunsItsGraphAndSaysWhenItReachedALesserGoal() {
        Weather forecast = new Weather("forecast").down(true);
        ToolGraph graph = ToolGraph.builder("trip")
                .start("start")
                .step(Step.tool("now", "weather@primary", Map.of("city", "${input/city}"), ToolAnnotations.READ_ONLY))
                .step(Step.tool("later", "forecast@main", Map.of("city", "${input/city}"), ToolAnnotations.READ_ONLY))
                .waypoint("brief").waypoint("current")
                .transition("start", "now", 1).transition("now", "later", 1).transition("later", "brief", 0)
                .transition("now", "current", 0)
                .goal("brief").goal("current").demotion("brief", "current")
                .build();
        DetourToolProvider tools = DetourToolProvider.builder()
                .backend("weather@primary", ToolBackends.method(primary, "weather", ToolAnnotations.READ_ONLY))
                .backend("forecast@main", ToolBackends.method(forecast, "weather", ToolAnnotations.READ_ONLY))
                .goalTool("trip_brief", "Weather now and later", JsonObjectSchema.builder().addStringProperty("city").required("city").build(), graph)
                .listener(journal)
                .build();

        ToolExecutionResult result = tools.execute("trip_brief", "{\"city\":\"Rome\"}");

        assertThat(result.isError()).isFalse();
        assertThat(result.resultText()).isEqualTo("'trip_brief' could not reach goal 'brief' and reached the lesser goal 'current' instead: "
                + "{\"now\":\"sunny in Rome (primary)\"}");
        assertThat(journal.recent(Completed.class)).singleElement().extracting(Completed::goal).isEqualTo("current");

        forecast.down(false);
        assertThat(tools.execute("trip_brief", "{\"city\":\"Rome\"}").resultText())
                .isEqualTo("{\"now\":\"sunny in Rome (primary)\",\"later\":\"sunny in Rome (forecast)\"}");
        assertThat(tools.router("trip_brief").graph().name()).isEqualTo("trip");
        assertThat(RouteResult.Status.values()).isNotEmpty();
    }

    @Test
    void aToolWithoutABackendIsRejectedWhenBuilt() {
        assertThatThrownBy(() -> DetourToolProvider.builder()
                .backend("weather@primary", ToolBackends.method(primary, "weather", ToolAnnotations.READ_ONLY))
                .logicalTool("weather", "w", "weather@primary", "weather@nowhere")
                .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'weather@nowhere', which has no backend");
    }
}
