package dev.detour.server.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.detour.router.error.ErrorCategory;
import dev.detour.router.error.RecoveryAction;
import dev.detour.router.error.SideEffects;
import dev.detour.server.demo.Fault;
import dev.detour.server.heal.CallToolResults;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The route wire shape is {@code schema/detour-route.schema.json}: results of real calls through a
 * sidecar — logical and goal tools, completed, demoted and escalated — and its {@code /admin/routes}
 * answer are held against it.
 */
class RouteWireSchemaTest {

    static final String SCHEMA = "classpath:schema/detour-route.schema.json";
    static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    static final Schema SUMMARY = REGISTRY.getSchema(SchemaLocation.of(SCHEMA));
    static final Schema EVENTS = REGISTRY.getSchema(SchemaLocation.of(SCHEMA + "#/$defs/events"));

    @TempDir
    Path dir;

    ObservedSidecar detour;

    @BeforeEach
    void start() {
        detour = new ObservedSidecar(dir, ObservedSidecar.QUIET_MONITORS);
    }

    @AfterEach
    void stop() {
        detour.close();
    }

    @Test
    void aLogicalAndAGoalToolReportTheirRerouteInOneShape() {
        detour.inject("search_a", Fault.DOWN);

        JsonNode logical = route(detour.search("mcp"));
        JsonNode goal = route(detour.research("research", "mcp"));

        assertThat(SUMMARY.validate(logical)).isEmpty();
        assertThat(SUMMARY.validate(goal)).isEmpty();
        assertThat(logical.path("reroutes")).hasSize(1);
        assertThat(goal.path("reroutes")).hasSize(1);
        assertThat(List.of(logical.path("reroutes").get(0).path("type").asText(), goal.path("reroutes").get(0).path("type").asText()))
                .containsOnly("Rerouted");
    }

    @Test
    void aGoalToolsStructuredRouteIsItsMetaRoute() {
        JsonNode result = detour.research("research", "mcp");

        assertThat(result.path("structuredContent").path("route")).isEqualTo(route(result));
    }

    @Test
    void demotedAndEscalatedCallsReportTheSameShape() {
        detour.inject("summariser", Fault.DOWN);
        JsonNode demoted = detour.research("research", "mcp");
        JsonNode demotedByPolicy = detour.research("digest", "mcp");
        detour.inject("search_a", Fault.DOWN);
        detour.inject("search_b", Fault.DOWN);
        JsonNode logicalError = detour.search("mcp");
        JsonNode goalError = detour.research("research", "mcp");

        assertThat(route(demoted).path("status").asText()).isEqualTo("DEMOTED");
        assertThat(route(demotedByPolicy).path("demotions").get(0).path("decidedBy").asText()).isEqualTo("POLICY");
        assertThat(route(logicalError).path("status").asText()).isEqualTo("ESCALATED");
        assertThat(route(goalError).path("escalation").path("type").asText()).isEqualTo("Escalated");
        for (JsonNode result : List.of(demoted, demotedByPolicy, logicalError, goalError)) {
            assertThat(SUMMARY.validate(route(result))).as("%s", route(result)).isEmpty();
        }
    }

    @Test
    void theAdminRoutesAnswerIsInTheEventShapeAndHoldsTheSameEventsAsTheSummary() {
        detour.inject("search_a", Fault.DOWN);
        JsonNode summary = route(detour.search("mcp"));

        JsonNode journal = detour.getJson("/admin/routes");

        List<Error> errors = EVENTS.validate(journal);
        assertThat(errors).isEmpty();
        assertThat(journal).contains(summary.path("reroutes").get(0), summary.path("steps").get(0), summary.path("steps").get(1));
    }

    @Test
    void theSchemaNamesEveryErrorCategoryActionAndSideEffect() {
        JsonNode defs = SUMMARY.getSchemaNode().path("$defs");

        assertThat(names(defs.path("category").path("enum"))).containsExactlyInAnyOrderElementsOf(names(ErrorCategory.values()));
        assertThat(names(defs.path("serf").path("properties").path("action").path("enum")))
                .containsExactlyInAnyOrderElementsOf(names(RecoveryAction.values()));
        assertThat(names(defs.path("sideEffects").path("enum"))).containsExactlyInAnyOrderElementsOf(names(SideEffects.values()));
    }

    private static JsonNode route(JsonNode result) {
        return result.path("_meta").path(CallToolResults.ROUTE_META);
    }

    private static List<String> names(JsonNode values) {
        List<String> names = new ArrayList<>();
        values.forEach(v -> names.add(v.asText()));
        return names;
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }
}
