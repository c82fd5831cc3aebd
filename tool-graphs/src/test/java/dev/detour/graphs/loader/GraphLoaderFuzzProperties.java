package dev.detour.graphs.loader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.graphs.ConfigException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzing the loader (STYLE.md, practice 22): a mutated graph file either loads or fails with a
 * {@link ConfigException} whose every problem has a field and a fix — never another exception.
 */
class GraphLoaderFuzzProperties {

    private static final String EXAMPLE = Source.classpath("graphs/dag/research-report.yaml").read();

    @Property(tries = 300, seed = "42")
    void mutatedFileLoadsOrFailsWithPositionedProblems(@ForAll("mutations") String text) {
        try {
            GraphLoader.load(Source.text("fuzz.yaml", text));
        } catch (ConfigException e) {
            assertThat(e.problems()).allSatisfy(p -> {
                assertThat(p.field()).isNotBlank();
                assertThat(p.fix()).isNotBlank();
                assertThat(p.line()).isBetween(0, (int) text.lines().count() + 1);
            });
        }
    }

    @Provide
    Arbitrary<String> mutations() {
        Arbitrary<Integer> position = Arbitraries.integers().between(0, EXAMPLE.length() - 1);
        Arbitrary<Integer> length = Arbitraries.integers().between(1, 40);
        Arbitrary<String> insert = Arbitraries.of("", "-", ":", "{", "}", "[", "]", "'", "\"", "\n", "  ", "${", "x", "-1", ".nan", "~", "&a", "*a");
        return net.jqwik.api.Combinators.combine(position, length, insert).as((p, l, s) -> {
            int end = Math.min(EXAMPLE.length(), p + l);
            return EXAMPLE.substring(0, p) + s + EXAMPLE.substring(end);
        });
    }
}
