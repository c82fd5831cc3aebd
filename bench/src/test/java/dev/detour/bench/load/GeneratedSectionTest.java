package dev.detour.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GeneratedSectionTest {

    @Test
    void replacesOnlyTheNamedSection() {
        String text = "intro\n<!-- generated: a -->\nold\n<!-- end generated: a -->\n<!-- generated: b -->\nkeep\n<!-- end generated: b -->\n";

        assertThat(GeneratedSection.replace(text, "a", "new table\n")).isEqualTo(
                "intro\n<!-- generated: a -->\nnew table\n<!-- end generated: a -->\n<!-- generated: b -->\nkeep\n<!-- end generated: b -->\n");
    }

    @Test
    void saysWhichMarkersAreMissing() {
        assertThatThrownBy(() -> GeneratedSection.replace("no markers", "load-tables", "x"))
                .hasMessageContaining("<!-- generated: load-tables -->");
    }
}
