package dev.detour.graphs.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.graphs.loader.GraphLoader;
import dev.detour.graphs.loader.Source;
import dev.detour.router.error.ErrorCategory;
import dev.detour.router.error.SideEffects;
import dev.detour.router.graph.Step;
import dev.detour.router.graph.ToolGraph;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MockToolsTest {

    private final ToolGraph graph = GraphLoader.load(Source.classpath("graphs/linear/support-ticket.yaml")).graph();
    private final Step crm = graph.step("crm_lookup").orElseThrow();
    private final SimulatedClock clock = new SimulatedClock();
    private static final Duration WINDOW = Duration.ofSeconds(2);

    private MockTools tools(Fault... faults) {
        return new MockTools(graph, List.of(faults), clock);
    }

    private static Fault fault(Fault.Kind kind, int from, int count, Duration latency) {
        return new Fault("salesforce.get_contact", from, count, kind, ErrorCategory.UPSTREAM_UNAVAILABLE, SideEffects.NONE, latency);
    }

    @Test
    void healthyToolAnswersWithEveryFieldLaterTemplatesRead() {
        MockTools.Response r = tools().call(crm, WINDOW);
        // draft steps read ${customer/name}
        assertThat(r).isEqualTo(new MockTools.Response.Answer(
                Map.of("source", "salesforce.get_contact", "step", "crm_lookup", "name", "salesforce.get_contact:name"), false));
        assertThat(clock.elapsed()).isEqualTo(MockTools.DEFAULT_LATENCY);
    }

    @Test
    void faultAffectsOnlyItsCalls() {
        MockTools t = tools(fault(Fault.Kind.ERROR, 2, 1, null));
        assertThat(t.call(crm, WINDOW)).isInstanceOf(MockTools.Response.Answer.class);
        assertThat(t.call(crm, WINDOW)).isInstanceOf(MockTools.Response.Error.class);
        assertThat(t.call(crm, WINDOW)).isInstanceOf(MockTools.Response.Answer.class);
        assertThat(t.calls()).isEqualTo(3);
    }

    @Test
    void hangTakesTheCallersWholeWindow() {
        MockTools.Response r = tools(fault(Fault.Kind.HANG, 1, 0, null)).call(crm, WINDOW);
        assertThat(((MockTools.Response.Error) r).error().category()).isEqualTo(ErrorCategory.TIMEOUT);
        assertThat(clock.elapsed()).isEqualTo(WINDOW);
    }

    @Test
    void providerTimeoutEndsAtTheProvidersLimitWhenThatIsShorter() {
        tools(fault(Fault.Kind.TIMEOUT, 1, 0, Duration.ofMillis(500))).call(crm, WINDOW);
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void slowAnswerWithinTheWindowSucceedsLate() {
        MockTools.Response r = tools(fault(Fault.Kind.LATENCY, 1, 0, Duration.ofMillis(1500))).call(crm, WINDOW);
        assertThat(r).isInstanceOf(MockTools.Response.Answer.class);
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void slowAnswerPastTheWindowTimesOutAtTheWindow() {
        MockTools.Response r = tools(fault(Fault.Kind.LATENCY, 1, 0, Duration.ofSeconds(9))).call(crm, WINDOW);
        assertThat(((MockTools.Response.Error) r).error().category()).isEqualTo(ErrorCategory.TIMEOUT);
        assertThat(clock.elapsed()).isEqualTo(WINDOW);
    }

    @Test
    void malformedAnswerIsMarkedSoOnlyValidatingCallersNotice() {
        MockTools.Response r = tools(fault(Fault.Kind.MALFORMED, 1, 0, null)).call(crm, WINDOW);
        assertThat(((MockTools.Response.Answer) r).malformed()).isTrue();
    }
}
