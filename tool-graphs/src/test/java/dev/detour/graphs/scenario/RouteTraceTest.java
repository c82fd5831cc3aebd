package dev.detour.graphs.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.graphs.loader.GraphLoader;
import dev.detour.graphs.loader.Source;
import dev.detour.router.error.ErrorCategory;
import dev.detour.router.error.SideEffects;
import dev.detour.router.error.ToolError;
import dev.detour.router.event.RouteEvent;
import dev.detour.router.event.StepFailed;
import dev.detour.router.graph.Step;
import dev.detour.router.graph.ToolGraph;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Silent failures are read against the mock tools' own call log, not from the route events alone. */
class RouteTraceTest {

    private static final Duration WINDOW = Duration.ofSeconds(2);
    private final ToolGraph graph = GraphLoader.load(Source.classpath("graphs/linear/support-ticket.yaml")).graph();
    private final Step crm = graph.step("crm_lookup").orElseThrow();
    private final MockTools tools = new MockTools(graph,
            List.of(new Fault("salesforce.get_contact", 1, 1, Fault.Kind.ERROR, ErrorCategory.UPSTREAM_UNAVAILABLE, SideEffects.NONE, null)));

    private StepFailed failedCrm() {
        ToolError error = ToolError.of(ErrorCategory.UPSTREAM_UNAVAILABLE, "down", SideEffects.NONE);
        return new StepFailed("t", Instant.EPOCH, "crm_lookup", "salesforce.get_contact", error, MockTools.DEFAULT_LATENCY);
    }

    @Test
    void aFaultTheMockInjectedThatNoEventReportsIsSilent() {
        tools.call(crm, WINDOW);

        assertThat(RouteTrace.unreportedFaults(List.of(), tools.log())).singleElement().asString()
                .contains("error fault on crm_lookup (salesforce.get_contact call 1")
                .contains("no StepFailed for it");
    }

    @Test
    void aFaultReportedByAStepFailedOfItsStepIsNotSilent() {
        tools.call(crm, WINDOW);

        assertThat(RouteTrace.unreportedFaults(List.<RouteEvent>of(failedCrm()), tools.log())).isEmpty();
    }

    @Test
    void oneStepFailedAccountsForOneInjectedFailureOnly() {
        MockTools twice = new MockTools(graph,
                List.of(new Fault("salesforce.get_contact", 1, 0, Fault.Kind.ERROR, ErrorCategory.UPSTREAM_UNAVAILABLE, SideEffects.NONE, null)));
        twice.call(crm, WINDOW);
        twice.call(crm, WINDOW);

        assertThat(RouteTrace.unreportedFaults(List.<RouteEvent>of(failedCrm()), twice.log())).singleElement().asString().contains("call 2");
    }
}
