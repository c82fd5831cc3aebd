package dev.detour.graphs.paper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The figures docs/paper-reproduction.md publishes come from one run of the bench, and stay that way. */
class PaperTableTest {

    private static final Path DOC = Path.of("../docs/paper-reproduction.md");

    @Test
    void theCommittedTableIsWhatAFreshRunGives() throws IOException {
        String committed = PaperTable.extract(Files.readString(DOC)).orElseThrow(
                () -> new AssertionError(DOC + " has no paper-table markers; add them and run " + PaperTable.REGENERATE));

        assertThat(committed)
                .as("the paper table in docs/paper-reproduction.md differs from a fresh run; regenerate it from the repository root with:\n  "
                        + PaperTable.REGENERATE + "\n")
                .isEqualTo(new PaperBench().runCatalog().toMarkdown());
    }

    @Test
    void replacingTheTableKeepsEverythingOutsideTheMarkers() {
        String doc = "intro\n" + PaperTable.BEGIN + "\nold table\n" + PaperTable.END + "\noutro\n";

        String updated = PaperTable.replace(doc, "new table\n");

        assertThat(updated).isEqualTo("intro\n" + PaperTable.BEGIN + "\nnew table\n" + PaperTable.END + "\noutro\n");
        assertThat(PaperTable.extract(updated)).contains("new table\n");
    }

    @Test
    void aDocumentWithoutTheMarkersIsNotRewritten() {
        assertThatThrownBy(() -> PaperTable.replace("no markers here\n", "table")).isInstanceOf(IllegalArgumentException.class);
        assertThat(PaperTable.extract(PaperTable.END + "\n" + PaperTable.BEGIN + "\n")).isEmpty();
    }
}
