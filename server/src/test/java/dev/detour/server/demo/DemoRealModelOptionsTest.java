package dev.detour.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.langchain4j.scripted.Reply;
import dev.detour.langchain4j.scripted.ScriptedModelServer;
import dev.detour.server.cli.DetourCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code detour demo --llm-base-url URL --llm-model NAME}: the tour's dead end goes to that model instead
 * of the in-process scripted one. The "real" model here is a scripted server of the test's own, so
 * nothing leaves the machine; what matters is that the demo talks to it, and to it only.
 */
class DemoRealModelOptionsTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int demo(String... args) {
        return new CommandLine(new DetourCommand()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
    }

    @Test
    void theDeadEndGoesToTheNamedModel() {
        try (ScriptedModelServer named = ScriptedModelServer.start(Reply.demoteToFirstReachable())) {
            int exit = demo("demo", "--tour-only", "--llm-base-url", named.baseUrl(), "--llm-model", "my-model");

            assertThat(exit).as(out.toString()).isZero();
            assertThat(out.toString())
                    .contains("LLM at dead ends: openai-compatible 'my-model' at " + named.baseUrl())
                    .doesNotContain("scripted model server in this process")
                    .contains("LLM calls: 1 (" + LlmAct.CACHED_REQUESTS + " requests decided by cached decisions)");
            assertThat(named.requests()).isOne();
        }
    }

    @Test
    void aBaseUrlWithoutAModelIsAUsageError() {
        int exit = demo("demo", "--tour-only", "--llm-base-url", "http://127.0.0.1:9/v1");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--llm-model");
    }
}
