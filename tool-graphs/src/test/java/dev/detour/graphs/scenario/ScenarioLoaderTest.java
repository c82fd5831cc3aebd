package dev.detour.graphs.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.detour.graphs.ConfigException;
import dev.detour.graphs.ConfigProblem;
import dev.detour.graphs.loader.Source;
import dev.detour.router.error.SideEffects;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** expect.calls / expect.never and the fault defaults, as the loader reads and checks them. */
class ScenarioLoaderTest {

    private static final String HEAD = """
            graph: classpath:graphs/linear/support-ticket.yaml
            inputs: {ticket_id: T-1, from: a@example.com, body: hi}
            """;

    private static Scenario load(String rest) {
        return ScenarioLoader.load(Source.text("s.yaml", HEAD + rest));
    }

    private static ConfigProblem onlyProblem(String rest) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(rest));
        assertThat(e).as("a problem").isNotNull();
        assertThat(e.problems()).hasSize(1);
        return e.problems().getFirst();
    }

    @Test
    void callsAndNeverAreReadIntoTheExpectation() {
        Expectation e = load("""
                expect:
                  outcome: completed
                  calls: {salesforce.get_contact: 1, openai.chat: 0}
                  never: [ses.send]
                """).expect();

        assertThat(e.calls()).containsExactly(Map.entry("salesforce.get_contact", 1), Map.entry("openai.chat", 0));
        assertThat(e.never()).containsExactly("ses.send");
    }

    @Test
    void anUnknownToolInCallsNamesItsLineAndField() {
        ConfigProblem p = onlyProblem("""
                expect:
                  outcome: completed
                  calls: {salesforce.get_contct: 1}
                """);

        assertThat(p.line()).isEqualTo(5);
        assertThat(p.field()).isEqualTo("expect.calls.salesforce.get_contct");
        assertThat(p.fix()).contains("did you mean 'salesforce.get_contact'?");
    }

    @Test
    void aNegativeCallCountIsRejected() {
        ConfigProblem p = onlyProblem("""
                expect: {outcome: completed, calls: {openai.chat: -1}}
                """);

        assertThat(p.field()).isEqualTo("expect.calls.openai.chat");
        assertThat(p.message()).contains("cannot be negative");
    }

    @Test
    void anUnknownToolInNeverNamesItsLineAndField() {
        ConfigProblem p = onlyProblem("""
                expect:
                  outcome: completed
                  never: [ses.snd]
                """);

        assertThat(p.line()).isEqualTo(5);
        assertThat(p.field()).isEqualTo("expect.never");
    }

    @Test
    void aToolExpectedToBeCalledAndNeverCalledIsRejected() {
        ConfigProblem p = onlyProblem("""
                expect: {outcome: completed, calls: {ses.send: 1}, never: [ses.send]}
                """);

        assertThat(p.field()).isEqualTo("expect.never");
        assertThat(p.message()).contains("'ses.send' is expected 1 call(s) under expect.calls");
    }

    @Test
    void aNeverToolThatAViaStepCallsIsRejected() {
        ConfigProblem p = onlyProblem("""
                expect: {outcome: completed, via: [crm_lookup], never: [salesforce.get_contact]}
                """);

        assertThat(p.field()).isEqualTo("expect.never");
        assertThat(p.message()).contains("expect.via needs step 'crm_lookup'");
    }

    @Test
    void callsThatRanOutOfTimeMayHaveActedUnlessTheScriptSaysOtherwise() {
        Scenario s = load("""
                faults:
                  - {tool: openai.chat, fail: hang}
                  - {tool: anthropic.messages, fail: timeout, side-effects: none}
                  - {tool: ses.send, fail: error}
                expect: {outcome: completed}
                """);

        assertThat(s.faults()).extracting(Fault::sideEffects).containsExactly(SideEffects.UNKNOWN, SideEffects.NONE, SideEffects.NONE);
    }

    @Test
    void durationsFollowTheSharedGrammarAndMustBePositive() {
        Scenario s = load("""
                budget: 1.5 s
                faults:
                  - {tool: openai.chat, fail: latency, latency: 2m}
                expect: {outcome: completed}
                """);
        ConfigProblem zero = onlyProblem("""
                budget: 0ms
                expect: {outcome: completed}
                """);
        ConfigProblem malformed = onlyProblem("""
                budget: 30
                expect: {outcome: completed}
                """);

        assertThat(s.budget()).isEqualTo(java.time.Duration.ofMillis(1500));
        assertThat(s.faults().getFirst().latency()).isEqualTo(java.time.Duration.ofMinutes(2));
        assertThat(zero.field()).isEqualTo("budget");
        assertThat(zero.message()).isEqualTo("expected a positive duration, found '0ms'");
        assertThat(malformed.line()).isEqualTo(3);
        assertThat(malformed.message()).isEqualTo("expected a duration such as 250ms, 1.5s, 5m or 1h, found '30'");
    }
}
