package dev.detour.graphs.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.graphs.loader.Source;
import dev.detour.graphs.scenario.Expectation.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The oracle holds a run to the tool calls its scenario expects, and never lets a repeated effect pass. */
class VerdictTest {

    private static Scenario checkout(String expect) {
        return ScenarioLoader.load(Source.text("checkout.yaml", """
                graph:
                  name: checkout
                  start: s
                  steps:
                    s: {}
                    charge_stripe: {tool: stripe.charge, output: payment, annotations: {readOnly: false, idempotent: false}}
                    charge_adyen: {tool: adyen.charge, output: payment, annotations: {readOnly: false, idempotent: false}}
                    paid: {}
                  transitions:
                    - {from: s, to: charge_stripe, cost: 1}
                    - {from: s, to: charge_adyen, cost: 2}
                    - {from: charge_stripe, to: paid, cost: 0}
                    - {from: charge_adyen, to: paid, cost: 0}
                  goals: [paid]
                expect: %s
                """.formatted(expect)));
    }

    private static RunRecord completed(Map<String, Integer> calls, List<String> repeatedEffects) {
        return new RunRecord("detour", Outcome.COMPLETED, "paid", List.of("charge_stripe"), List.of(), repeatedEffects, calls, 0,
                Duration.ofMillis(50), null, List.of());
    }

    @Test
    void theExactCallCountsAndNoForbiddenCallMakeARunCorrect() {
        Scenario s = checkout("{outcome: completed, calls: {stripe.charge: 1}, never: [adyen.charge]}");

        assertThat(Verdict.judge(s, completed(Map.of("stripe.charge", 1), List.of()), true).correct()).isTrue();
    }

    @Test
    void oneCallMoreThanExpectedIsNotCorrect() {
        Scenario s = checkout("{outcome: completed, calls: {stripe.charge: 1}}");

        Verdict v = Verdict.judge(s, completed(Map.of("stripe.charge", 2), List.of()), true);

        assertThat(v.correct()).isFalse();
        assertThat(v.mismatches()).containsExactly("expected 1 call to stripe.charge, but 2 reached it");
    }

    @Test
    void anExpectedCallThatNeverHappenedIsNotCorrect() {
        Scenario s = checkout("{outcome: completed, calls: {stripe.charge: 1}}");

        assertThat(Verdict.judge(s, completed(Map.of(), List.of()), true).mismatches())
                .containsExactly("expected 1 call to stripe.charge, but 0 reached it");
    }

    @Test
    void aCallToAToolThatMustNeverBeCalledIsNotCorrect() {
        Scenario s = checkout("{outcome: completed, never: [adyen.charge]}");

        assertThat(Verdict.judge(s, completed(Map.of("stripe.charge", 1, "adyen.charge", 1), List.of()), true).mismatches())
                .containsExactly("expected no call to adyen.charge, but 1 call reached it");
    }

    @Test
    void aRepeatedEffectMakesAnOtherwiseMatchingRunIncorrect() {
        Scenario s = checkout("{outcome: completed, via: [charge_stripe]}");

        Verdict v = Verdict.judge(s, completed(Map.of("stripe.charge", 1, "adyen.charge", 1), List.of("effect repeated: output 'payment' ...")), true);

        assertThat(v.correct()).isFalse();
        assertThat(v.silentFailure()).isFalse();
        assertThat(v.mismatches()).containsExactly("effect repeated: output 'payment' ...");
    }
}
