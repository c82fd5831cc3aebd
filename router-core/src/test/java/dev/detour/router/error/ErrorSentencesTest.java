package dev.detour.router.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ErrorSentencesTest {

    @Test
    void aDeadToolTellsTheModelToTryLaterOrTellTheUser() {
        assertThat(ErrorSentences.forModel("weather", ToolError.of(ErrorCategory.NO_ROUTE, "no route", SideEffects.NONE), false, null))
                .isEqualTo("No provider of 'weather' is available right now; try again later or tell the user the tool is down.");
    }

    @Test
    void theBudgetAdviceIsLeftOutWhenTheModelCannotAskForMoreTime() {
        ToolError budget = ToolError.of(ErrorCategory.BUDGET_EXHAUSTED, "too slow", SideEffects.NONE);

        assertThat(ErrorSentences.forModel("t", budget, false, null)).endsWith("call it again later.");
        assertThat(ErrorSentences.forModel("t", budget, false, "with a larger budget")).endsWith("call it again later or with a larger budget.");
    }

    @Test
    void throttlingSaysWhenToComeBack() {
        ToolError limited = ToolError.of(ErrorCategory.RATE_LIMITED, "429", SideEffects.NONE).withRetryAfter(Duration.ofSeconds(7));

        assertThat(ErrorSentences.forModel("t", limited, false, null)).endsWith("try again in 7 s.");
    }

    @Test
    void aCallThatMayHaveActedIsNotToBeRepeatedBlindly() {
        ToolError unknown = ToolError.of(ErrorCategory.TIMEOUT, "no answer", SideEffects.UNKNOWN).withTool("pay@a");

        assertThat(ErrorSentences.forModel("pay", unknown, true, null))
                .isEqualTo("'pay' failed after its request reached pay@a and may already have taken effect; "
                        + "check the outcome before calling it again (Detour did not retry it).");
    }
}
