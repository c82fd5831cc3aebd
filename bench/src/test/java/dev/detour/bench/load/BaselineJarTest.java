package dev.detour.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BaselineJarTest {

    @Test
    void theBaselineJarIsAnOption() {
        LoadOptions options = LoadOptions.parse(new String[] {"--baseline-jar", "/tmp/before.jar"});
        assertThat(options.baselineJar()).isEqualTo(Path.of("/tmp/before.jar"));
        assertThat(LoadOptions.parse(new String[0]).baselineJar()).isNull();
    }

    @Test
    void aBaselineTargetIsNamedApartFromTheMeasuredOne() {
        Target measured = new Target("fast", Route.DETOUR_PROXY_HTTP, "http://127.0.0.1:1/mcp", null, null, null, false);
        Target baseline = new Target("fast", Route.DETOUR_PROXY_HTTP, "http://127.0.0.1:2/mcp", null, null, null, true);
        assertThat(measured.id()).isEqualTo("fast/detour-proxy-http");
        assertThat(baseline.id()).isEqualTo("fast/detour-proxy-http@baseline");
        assertThat(baseline.label()).isEqualTo(Route.DETOUR_PROXY_HTTP.label() + " — baseline jar");
    }
}
