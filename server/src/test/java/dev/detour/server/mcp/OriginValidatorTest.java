package dev.detour.server.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class OriginValidatorTest {

    final OriginValidator loopback = new OriginValidator(Set.of("https://app.example.com"), true, true);

    @Test
    void requestsWithoutOriginFromALoopbackHostPass() {
        assertThat(loopback.rejection(null, "127.0.0.1:8080")).isEmpty();
        assertThat(loopback.rejection(null, "localhost")).isEmpty();
        assertThat(loopback.rejection(null, "[::1]:9000")).isEmpty();
    }

    @Test
    void loopbackAndListedOriginsPassOthersAreNamed() {
        assertThat(loopback.rejection("http://localhost:6274", "localhost:1")).isEmpty();
        assertThat(loopback.rejection("https://app.example.com", "localhost:1")).isEmpty();
        assertThat(loopback.rejection("https://evil.example", "localhost:1")).contains("Origin 'https://evil.example' is not allowed");
        assertThat(loopback.rejection("null", "localhost:1")).isPresent();
    }

    @Test
    void aForeignHostIsRejectedWhenBoundToLoopbackOnly() {
        assertThat(loopback.rejection(null, "rebind.evil.example:8080")).contains("Host 'rebind.evil.example:8080' is not a loopback host");
        assertThat(new OriginValidator(Set.of(), true, false).rejection(null, "detour.svc:8080")).isEmpty();
    }
}
