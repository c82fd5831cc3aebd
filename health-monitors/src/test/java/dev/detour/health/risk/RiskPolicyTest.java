package dev.detour.health.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.detour.router.health.ToolHealth;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RiskPolicyTest {

    @Test
    void readsFlagsSkippingCommentsAndBlankLines(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("risk.policy");
        Files.writeString(file, """
                # tool          status        reason
                search@brave    unavailable   vendor incident INC-4711

                geo@eu          degraded:4    data-residency review
                search@backup   healthy       operator override
                """);

        RiskPolicy policy = RiskPolicy.read(file);

        assertThat(policy.flags()).containsOnlyKeys("search@brave", "geo@eu", "search@backup");
        assertThat(policy.flags().get("search@brave").reason()).isEqualTo("vendor incident INC-4711");
        assertThat(policy.flags().get("geo@eu").status()).isInstanceOf(ToolHealth.Degraded.class);
        assertThat(policy.flags().get("search@backup").status()).isEqualTo(ToolHealth.healthy());
    }

    @Test
    void anUnknownStatusNamesFileLineAndField() {
        assertThatThrownBy(() -> RiskPolicy.parse("risk.policy", List.of("# header", "search@brave down vendor incident")))
                .isInstanceOf(RiskPolicyException.class)
                .hasMessage("risk.policy:2: field 'status': expected unavailable, degraded:<penalty> or healthy, got 'down'");
    }

    @Test
    void anInfinitePenaltyIsRejected() {
        assertThatThrownBy(() -> RiskPolicy.parse("risk.policy", List.of("geo@eu degraded:Infinity why")))
                .hasMessageStartingWith("risk.policy:1: field 'status': penalty must be finite and >= 1");
    }

    @Test
    void aMissingReasonIsRejected() {
        assertThatThrownBy(() -> RiskPolicy.parse("risk.policy", List.of("geo@eu unavailable")))
                .hasMessage("risk.policy:1: field 'reason': missing; say why 'geo@eu' is flagged");
    }

    @Test
    void aToolFlaggedTwiceIsRejected() {
        assertThatThrownBy(() -> RiskPolicy.parse("risk.policy", List.of("a unavailable x", "a healthy y")))
                .isInstanceOf(RiskPolicyException.class)
                .hasMessage("risk.policy:2: field 'tool': 'a' is already flagged on line 1")
                .satisfies(e -> assertThat(((RiskPolicyException) e).line()).isEqualTo(2));
    }
}
