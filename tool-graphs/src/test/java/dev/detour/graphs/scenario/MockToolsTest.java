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
    private static final Duration WINDOW = Duration.ofSeconds(2);

    private MockTools tools(Fault... faults) {
        return new MockTools(graph, List.of(faults));
    }

    private static Fault fault(Fault.Kind kind, int from, int count, Duration latency) {
        return new Fault("salesforce.get_contact", from, count, kind, ErrorCategory.UPSTREAM_UNAVAILABLE, SideEffects.NONE, latency);
    }

    @Test
    void healthyToolAnswersWithEveryFieldLaterTemplatesRead() {
        MockTools.Response r = tools().call(crm, WINDOW);
        // draft steps read ${customer/name}
        assertThat(r).isEqualTo(new MockTools.Response.Answer(
                Map.of("source", "salesforce.get_contact", "step", "crm_lookup", "name", "salesforce.get_contact:name"), false,
                MockTools.DEFAULT_LATENCY));
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
        assertThat(r.latency()).isEqualTo(WINDOW);
    }

    @Test
    void providerTimeoutEndsAtTheProvidersLimitWhenThatIsShorter() {
        MockTools.Response r = tools(fault(Fault.Kind.TIMEOUT, 1, 0, Duration.ofMillis(500))).call(crm, WINDOW);
        assertThat(r.latency()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void slowAnswerWithinTheWindowSucceedsLate() {
        MockTools.Response r = tools(fault(Fault.Kind.LATENCY, 1, 0, Duration.ofMillis(1500))).call(crm, WINDOW);
        assertThat(r).isInstanceOf(MockTools.Response.Answer.class);
        assertThat(r.latency()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void slowAnswerPastTheWindowTimesOutAtTheWindow() {
        MockTools.Response r = tools(fault(Fault.Kind.LATENCY, 1, 0, Duration.ofSeconds(9))).call(crm, WINDOW);
        assertThat(((MockTools.Response.Error) r).error().category()).isEqualTo(ErrorCategory.TIMEOUT);
        assertThat(r.latency()).isEqualTo(WINDOW);
    }

    @Test
    void hangEndsWithATimeoutCarryingTheSideEffectsTheFaultGives() {
        Fault hang = new Fault("salesforce.get_contact", 1, 0, Fault.Kind.HANG, ErrorCategory.UPSTREAM_UNAVAILABLE, SideEffects.POSSIBLE, null);
        MockTools.Response r = tools(hang).call(crm, WINDOW);
        assertThat(((MockTools.Response.Error) r).error().sideEffects()).isEqualTo(SideEffects.POSSIBLE);
    }

    @Test
    void logKeepsEveryCallWithTheFaultItMet() {
        Fault second = fault(Fault.Kind.ERROR, 2, 1, null);
        MockTools t = tools(second);
        t.call(crm, WINDOW);
        t.call(crm, WINDOW);

        assertThat(t.log()).extracting(MockTools.Call::callOfTool, MockTools.Call::fault, MockTools.Call::injectedFailure)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, null, false), org.assertj.core.groups.Tuple.tuple(2, second, true));
        assertThat(t.callsByTool()).containsExactly(Map.entry("salesforce.get_contact", 2));
    }

    @Test
    void aLatencyFaultAnsweredInTimeIsNoInjectedFailure() {
        MockTools t = tools(fault(Fault.Kind.LATENCY, 1, 0, Duration.ofMillis(1500)));
        t.call(crm, WINDOW);
        assertThat(t.log().getFirst().injectedFailure()).isFalse();
    }

    @Test
    void malformedAnswerIsMarkedSoOnlyValidatingCallersNotice() {
        MockTools.Response r = tools(fault(Fault.Kind.MALFORMED, 1, 0, null)).call(crm, WINDOW);
        assertThat(((MockTools.Response.Answer) r).malformed()).isTrue();
    }
}
