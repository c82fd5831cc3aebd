package dev.detour.router.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArgumentTemplateTest {

    private final Map<String, Object> outputs = Map.of(
            "input", Map.of("topic", "mcp"),
            "search", Map.of("results", List.of(Map.of("url", "https://a", "score", 3)), "a/b", "slash", "t~x", "tilde"));

    @Test
    void aWholeStringReferenceKeepsTheValueType() {
        ArgumentTemplate t = ArgumentTemplate.of(Map.of("score", "${search/results/0/score}", "all", "${search/results}"));

        assertThat(t.render(outputs)).isEqualTo(Map.of("score", 3, "all", List.of(Map.of("url", "https://a", "score", 3))));
    }

    @Test
    void referencesInsideTextAreInterpolated() {
        ArgumentTemplate t = ArgumentTemplate.of(Map.of("q", "about ${input/topic} from ${search/results/0/url}"));

        assertThat(t.render(outputs)).isEqualTo(Map.of("q", "about mcp from https://a"));
    }

    @Test
    void rendersNestedMapsAndLists() {
        ArgumentTemplate t = ArgumentTemplate.of(Map.of("nested", Map.of("list", List.of("${input/topic}", 7))));

        assertThat(t.render(outputs)).isEqualTo(Map.of("nested", Map.of("list", List.of("mcp", 7))));
    }

    @Test
    void followsRfc6901Escapes() {
        ArgumentTemplate t = ArgumentTemplate.of(Map.of("s", "${search/a~1b}", "t", "${search/t~0x}"));

        assertThat(t.render(outputs)).isEqualTo(Map.of("s", "slash", "t", "tilde"));
    }

    @Test
    void listsTheOutputsItReadsWithoutTheInputs() {
        assertThat(ArgumentTemplate.of(Map.of("a", "${input/x}", "b", "${search/y} ${summary}")).references())
                .containsExactlyInAnyOrder("search", "summary");
    }

    @Test
    void namesAReferenceThatMatchesNothing() {
        ArgumentTemplate t = ArgumentTemplate.of(Map.of("x", "${search/results/5/url}"));

        assertThatThrownBy(() -> t.render(outputs))
                .isInstanceOf(ArgumentTemplate.UnresolvedReferenceException.class)
                .hasMessageContaining("pointer '/results/5/url' matches nothing in the result of 'search'");
    }

    @Test
    void namesAMissingResult() {
        assertThatThrownBy(() -> ArgumentTemplate.of(Map.of("x", "${summary}")).render(outputs))
                .hasMessageContaining("no result named 'summary' yet");
    }

    @Test
    void rejectsAMalformedPointerWhenTheTemplateIsBuilt() {
        assertThatThrownBy(() -> ArgumentTemplate.of(Map.of("x", "${search/bad~2}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad escape");
    }

    @Test
    void theInputsTemplateHandsTheRequestsInputsOnWholeNullsIncluded() {
        Map<String, Object> inputs = new HashMap<>();
        inputs.put("query", "mcp");
        inputs.put("cursor", null);

        assertThat(ArgumentTemplate.INPUTS.render(Map.of("input", inputs))).isEqualTo(inputs);
        assertThat(ArgumentTemplate.INPUTS.references()).isEmpty();
        assertThat(ArgumentTemplate.INPUTS).isNotEqualTo(ArgumentTemplate.EMPTY);
    }

    @Test
    void aReferenceToAnInputSentAsNullMatchesNothingLikeOneLeftOut() {
        Map<String, Object> inputs = new HashMap<>();
        inputs.put("topic", null);

        assertThatThrownBy(() -> ArgumentTemplate.of(Map.of("q", "${input/topic}")).render(Map.of("input", inputs)))
                .hasMessageContaining("pointer '/topic' matches nothing in the result of 'input'");
    }
}
