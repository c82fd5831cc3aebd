package dev.detour.graphs.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.nodes.Node;

/** One grammar for every duration in detour.yaml and scenario files: the union of what both loaders took. */
class DurationsTest {

    static Stream<Arguments> durations() {
        return Stream.of(
                Arguments.of("250ms", Duration.ofMillis(250)),
                Arguments.of("30s", Duration.ofSeconds(30)),
                Arguments.of("5m", Duration.ofMinutes(5)),
                Arguments.of("1h", Duration.ofHours(1)),
                Arguments.of("0s", Duration.ZERO),
                Arguments.of("1.5s", Duration.ofMillis(1500)),
                Arguments.of("0.25ms", Duration.ofNanos(250_000)),
                Arguments.of("2.5m", Duration.ofSeconds(150)),
                Arguments.of("30 s", Duration.ofSeconds(30)),
                Arguments.of(" 500ms ", Duration.ofMillis(500)),
                Arguments.of("30S", Duration.ofSeconds(30)),
                Arguments.of("10MS", Duration.ofMillis(10)),
                Arguments.of("0.0000000004s", Duration.ZERO),
                Arguments.of("0.0000000005s", Duration.ofNanos(1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("durations")
    void acceptsWholeAndDecimalNumbersWithAnyUnitAndOptionalWhitespace(String text, Duration expected) {
        assertThat(Durations.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"30", "s", "", "-5s", "1,5s", ".5s", "5.s", "1d", "30 sec", "1h30m", "PT30S", "ms30"})
    void rejectsAnythingElseNamingTheValue(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected a duration such as 250ms, 1.5s, 5m or 1h, found '" + text + "'");
    }

    @Test
    void rejectsADurationTooLongForJava() {
        assertThatThrownBy(() -> Durations.parse("99999999999999999999h"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'99999999999999999999h' is too long a duration");
    }

    @Test
    void theNodeReaderReportsABadDurationAtItsLineWithTheField() {
        NodeReader reader = new NodeReader("f.yaml");
        Node root = reader.compose("budgets:\n  default: 30\n").orElseThrow();
        NodeReader.Entry budgets = reader.mapping(root, "", null).orElseThrow().get("budgets");
        NodeReader.Entry value = reader.mapping(budgets.value(), budgets.path(), null).orElseThrow().get("default");

        Optional<Duration> read = reader.duration(value.value(), value.path());

        assertThat(read).isEmpty();
        assertThat(reader.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.field()).isEqualTo("budgets.default");
            assertThat(p.message()).isEqualTo("expected a duration such as 250ms, 1.5s, 5m or 1h, found '30'");
            assertThat(p.fix()).isEqualTo("write a number followed by ms, s, m or h, e.g. default: 30s");
        });
    }
}
