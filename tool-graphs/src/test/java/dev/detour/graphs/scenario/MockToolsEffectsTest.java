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
import org.junit.jupiter.api.Test;

/** The mocks' own account of effects: an output of a step that is neither read-only nor idempotent is produced at most once. */
class MockToolsEffectsTest {

    private static final Duration WINDOW = Duration.ofSeconds(2);
    private static final ToolGraph CHECKOUT = ScenarioLoader.load(Source.classpath("scenarios/regression/issue-10-checkout-no-double-charge.yaml"))
            .graph().graph();
    private final Step stripe = CHECKOUT.step("charge_stripe").orElseThrow();
    private final Step adyen = CHECKOUT.step("charge_adyen").orElseThrow();

    private static Fault stripeFails(Fault.Kind kind, SideEffects sideEffects) {
        return new Fault("stripe.charge", 1, 0, kind, ErrorCategory.UPSTREAM_UNAVAILABLE, sideEffects, null);
    }

    @Test
    void twoChargesThatAnsweredAreARepeatedEffect() {
        MockTools tools = new MockTools(CHECKOUT, List.of());
        tools.call(stripe, WINDOW);
        tools.call(adyen, WINDOW);

        assertThat(tools.repeatedEffects()).singleElement().asString()
                .contains("output 'payment' was produced 2 times")
                .contains("charge_stripe (stripe.charge call 1, answered)")
                .contains("charge_adyen (adyen.charge call 1, answered)");
    }

    @Test
    void aChargeThatProvablyDidNotActLeavesRoomForAnother() {
        MockTools tools = new MockTools(CHECKOUT, List.of(stripeFails(Fault.Kind.ERROR, SideEffects.NONE)));
        tools.call(stripe, WINDOW);
        tools.call(adyen, WINDOW);

        assertThat(tools.repeatedEffects()).isEmpty();
    }

    @Test
    void aChargeThatTimedOutMayHaveActedSoAnotherChargeRepeatsIt() {
        MockTools tools = new MockTools(CHECKOUT, List.of(stripeFails(Fault.Kind.HANG, SideEffects.UNKNOWN)));
        tools.call(stripe, WINDOW);
        tools.call(adyen, WINDOW);

        assertThat(tools.repeatedEffects()).singleElement().asString().contains("failed TIMEOUT, side effects UNKNOWN");
    }

    @Test
    void readOnlyCallsRepeatFreely() {
        ToolGraph ticket = GraphLoader.load(Source.classpath("graphs/linear/support-ticket.yaml")).graph();
        Step crm = ticket.step("crm_lookup").orElseThrow();
        MockTools tools = new MockTools(ticket, List.of());
        tools.call(crm, WINDOW);
        tools.call(crm, WINDOW);

        assertThat(tools.repeatedEffects()).isEmpty();
    }
}
