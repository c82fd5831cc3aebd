package dev.detour.server.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.server.fakes.TestVertx;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code detour serve} does not need every upstream up when it starts. */
class SidecarStartupTest {

    @TempDir
    Path dir;

    UpstreamProcess cheap;
    UpstreamProcess backup;
    SidecarFixture detour;

    @AfterEach
    void stop() {
        detour.close();
        cheap.close();
        backup.close();
    }

    @Test
    void anUpstreamThatIsDownAtStartIsServedAroundAndJoinsOnceItComesUp() {
        cheap = UpstreamProcess.start("cheap");
        backup = UpstreamProcess.start("backup");
        cheap.kill();
        detour = new SidecarFixture(dir, SidecarFixture.config(cheap, backup, ""), SidecarOptions.DEFAULT_JOURNAL_CAPACITY);

        assertThat(SidecarFixture.text(detour.search("while down"))).isEqualTo("from backup");

        cheap.restart();
        // Retries come 1 s, then 2 s after the failed connect; the probes then need two good answers.
        TestVertx.awaitCondition("traffic on the upstream that came up", 10_000,
                () -> SidecarFixture.text(detour.search("after")).equals("from cheap"));
    }
}
