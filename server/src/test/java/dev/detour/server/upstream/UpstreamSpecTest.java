package dev.detour.server.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpstreamSpecTest {

    @Test
    void aUrlBecomesAnHttpUpstreamNamedAfterItsHostAndPort() {
        assertThat(UpstreamSpec.parse("http://127.0.0.1:3001/mcp"))
                .isEqualTo(new UpstreamSpec.Http("127.0.0.1_3001", URI.create("http://127.0.0.1:3001/mcp")));
    }

    @Test
    void aStdioCommandIsSplitOnWhitespaceWithQuotesAndNamedAfterThePackageNotTheLauncher() {
        assertThat(UpstreamSpec.parse("stdio:npx -y '@modelcontextprotocol/server-everything' \"a b\""))
                .isEqualTo(new UpstreamSpec.Stdio("a_b", List.of("npx", "-y", "@modelcontextprotocol/server-everything", "a b")));
        assertThat(UpstreamSpec.parse("stdio:npx -y @modelcontextprotocol/server-everything").name())
                .isEqualTo("server-everything");
        assertThat(UpstreamSpec.parse("stdio:/usr/local/bin/weather-mcp --verbose").name()).isEqualTo("weather-mcp");
    }

    @Test
    void aNamePrefixNamesTheUpstream() {
        assertThat(UpstreamSpec.parse("search=stdio:brave-mcp").name()).isEqualTo("search");
        assertThat(UpstreamSpec.parse("backup=https://example.com/mcp").name()).isEqualTo("backup");
    }

    @Test
    void badInputIsRejectedWithTheReason() {
        assertThatThrownBy(() -> UpstreamSpec.parse("ftp://x")).hasMessageContaining("expected an http(s):// URL or stdio:");
        assertThatThrownBy(() -> UpstreamSpec.parse("stdio:")).hasMessageContaining("needs a command");
        assertThatThrownBy(() -> UpstreamSpec.parse("stdio:run 'unclosed")).hasMessageContaining("unbalanced quote");
    }
}
