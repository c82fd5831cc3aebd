package dev.detour.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.graphs.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigWatcherTest {

    static final String CONFIG = """
            upstreams:
              a: {url: "http://127.0.0.1:9/mcp"}
            logicalTools:
              search:
                description: Search.
                providers: [{upstream: a, tool: s}]
            goalTools:
              flow:
                description: Flow.
                graph: flow.yaml
                bindings: {t: {upstream: a, tool: t}}
            """;

    static final String GRAPH = """
            name: flow
            start: s
            steps:
              s: {}
              step: {tool: t, annotations: {readOnly: true}}
              done: {}
            transitions:
              - {from: s, to: step, cost: 1}
              - {from: step, to: done, cost: 0}
            goals: [done]
            """;

    @TempDir
    Path dir;

    Path file;
    final List<DetourConfig> applied = new ArrayList<>();
    final List<ConfigException> rejected = new ArrayList<>();
    ConfigWatcher watcher;

    @BeforeEach
    void serve() throws IOException {
        file = dir.resolve("detour.yaml");
        Files.writeString(file, CONFIG);
        Files.writeString(dir.resolve("flow.yaml"), GRAPH);
        watcher = new ConfigWatcher(file, ConfigLoader.load(file), new ConfigWatcher.Listener() {
            @Override
            public void onApplied(DetourConfig config) {
                applied.add(config);
            }

            @Override
            public void onRejected(ConfigException problems) {
                rejected.add(problems);
            }
        });
    }

    @Test
    void anUntouchedFileIsNotReloaded() {
        assertThat(watcher.check()).isEqualTo(ConfigWatcher.Outcome.UNCHANGED);
        assertThat(applied).isEmpty();
    }

    @Test
    void aValidChangeIsAppliedAndBecomesCurrent() throws IOException {
        Files.writeString(file, CONFIG.replace("description: Search.", "description: Search the web."));

        assertThat(watcher.check()).isEqualTo(ConfigWatcher.Outcome.APPLIED);

        assertThat(applied).singleElement().satisfies(c -> assertThat(c.logicalTools().get(0).description()).isEqualTo("Search the web."));
        assertThat(watcher.current()).isSameAs(applied.get(0));
        assertThat(watcher.check()).isEqualTo(ConfigWatcher.Outcome.UNCHANGED);
    }

    @Test
    void anInvalidChangeIsRejectedWithItsProblemsAndTheOldConfigKeepsServing() throws IOException {
        DetourConfig before = watcher.current();
        Files.writeString(file, CONFIG.replace("upstream: a, tool: s", "upstream: b, tool: s"));

        assertThat(watcher.check()).isEqualTo(ConfigWatcher.Outcome.REJECTED);

        assertThat(watcher.current()).isSameAs(before);
        assertThat(applied).isEmpty();
        assertThat(rejected).singleElement().satisfies(e -> assertThat(e).hasMessageContaining(file + ":6")
                .hasMessageContaining("logicalTools.search.providers[0].upstream"));
        assertThat(watcher.check()).as("the same broken file is not rejected again").isEqualTo(ConfigWatcher.Outcome.UNCHANGED);
    }

    @Test
    void aConfigTheListenerRefusesIsRejectedAndTheOldConfigStaysCurrent() throws IOException {
        DetourConfig before = watcher.current();
        ConfigWatcher refusing = new ConfigWatcher(file, before, new ConfigWatcher.Listener() {
            @Override
            public void onApplied(DetourConfig config) {
                throw new ConfigException(List.of(new dev.detour.graphs.ConfigProblem(file.toString(), 0, 0, "upstreams",
                        "cannot be changed while serving", "restart")));
            }

            @Override
            public void onRejected(ConfigException problems) {
                rejected.add(problems);
            }
        });
        Files.writeString(file, CONFIG.replace("description: Search.", "description: Search the web."));

        assertThat(refusing.check()).isEqualTo(ConfigWatcher.Outcome.REJECTED);

        assertThat(refusing.current()).isSameAs(before);
        assertThat(rejected).singleElement().satisfies(e -> assertThat(e).hasMessageContaining("upstreams"));
    }

    @Test
    void aChangedGraphFileOfAGoalToolReloadsTheConfig() throws IOException {
        Files.writeString(dir.resolve("flow.yaml"), GRAPH.replace("{from: s, to: step, cost: 1}", "{from: s, to: step, cost: 7}"));

        assertThat(watcher.check()).isEqualTo(ConfigWatcher.Outcome.APPLIED);

        assertThat(applied.get(0).goalTools().get(0).graph().transitions().get(0).baseCost()).isEqualTo(7);
    }
}
