package dev.detour.server.heal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.detour.router.budget.BudgetConfig;
import dev.detour.server.mcp.JsonRpc;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BudgetHintTest {

    static final BudgetConfig BUDGETS = BudgetConfig.builder().defaultDeadline(Duration.ofSeconds(20)).maxDeadline(Duration.ofSeconds(60)).build();

    @Test
    void withoutAHintTheConfiguredDefaultApplies() {
        assertThat(BudgetHint.of(params("{\"name\":\"t\",\"arguments\":{}}"), BUDGETS)).isEqualTo(Duration.ofSeconds(20));
        assertThat(BudgetHint.of(null, BUDGETS)).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void aHintInMillisecondsIsTheCallsBudget() {
        assertThat(BudgetHint.of(params("{\"_meta\":{\"dev.detour/budget\":1500}}"), BUDGETS)).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void aHintAboveTheMaximumIsCappedAtIt() {
        assertThat(BudgetHint.of(params("{\"_meta\":{\"dev.detour/budget\":3600000}}"), BUDGETS)).isEqualTo(Duration.ofSeconds(60));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "1.5", "\"1500\"", "true", "{}", "99999999999999999999"})
    void aHintThatIsNotAPositiveWholeNumberIsRejected(String hint) {
        assertThatThrownBy(() -> BudgetHint.of(params("{\"_meta\":{\"dev.detour/budget\":" + hint + "}}"), BUDGETS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dev.detour/budget")
                .hasMessageContaining("positive whole number of milliseconds");
    }

    private static JsonNode params(String json) {
        return JsonRpc.parse(json.getBytes(StandardCharsets.UTF_8));
    }
}
