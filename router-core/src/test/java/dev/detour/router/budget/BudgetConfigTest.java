package dev.detour.router.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.detour.router.InvalidFieldException;
import dev.detour.router.RouterConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BudgetConfigTest {

    @Test
    void defaultsAreTheNamedConstants() {
        BudgetConfig config = BudgetConfig.ofDefaults();

        assertThat(config.defaultDeadline()).isEqualTo(BudgetConfig.DEFAULT_DEADLINE).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.maxDeadline()).isEqualTo(BudgetConfig.DEFAULT_MAX_DEADLINE).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.toBuilder().build()).isEqualTo(config);
    }

    @Test
    void aRequestedDeadlineIsCappedAtTheMaximumAndNoneTakesTheDefault() {
        BudgetConfig config = BudgetConfig.builder().defaultDeadline(Duration.ofSeconds(20)).maxDeadline(Duration.ofSeconds(60)).build();

        assertThat(config.deadlineFor(null)).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.deadlineFor(Duration.ofMillis(1500))).isEqualTo(Duration.ofMillis(1500));
        assertThat(config.deadlineFor(Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.deadlineFor(Duration.ofHours(1))).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void aDefaultAboveTheMaximumNamesBothFieldsTheDefaultFirst() {
        assertThatThrownBy(() -> BudgetConfig.builder().defaultDeadline(Duration.ofMinutes(10)).maxDeadline(Duration.ofMinutes(1)).build())
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.fields()).containsExactly("defaultDeadline", "maxDeadline"))
                .hasMessageContaining("exceeds the maximum");
    }

    @Test
    void invalidValuesNameTheirField() {
        assertThatThrownBy(() -> BudgetConfig.builder().defaultDeadline(Duration.ZERO).build())
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.fields()).containsExactly("defaultDeadline"))
                .hasMessage("defaultDeadline must be positive, was PT0S");
        assertThatThrownBy(() -> BudgetConfig.builder().maxDeadline(Duration.ofSeconds(-1)).build())
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.fields()).containsExactly("maxDeadline"));
        assertThatThrownBy(() -> BudgetConfig.builder().quantile(95).build())
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.fields()).containsExactly("quantile"))
                .hasMessage("quantile 95.0 is outside (0, 1)");
        assertThatThrownBy(() -> RouterConfig.builder().maxReroutes(0).build())
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.fields()).containsExactly("maxReroutes"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
