package dev.detour.server.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Policy patterns: '*' is the only special character, so a rule grants what it reads like. */
class GlobTest {

    @Test
    void starMatchesAnyRunOfCharactersAndNothingElseIsSpecial() {
        assertThat(Glob.of("github/get_*").matches("github/get_issue")).isTrue();
        assertThat(Glob.of("github/get_*").matches("github/delete_issue")).isFalse();
        assertThat(Glob.of("*/search").matches("brave/search")).isTrue();
        assertThat(Glob.of("file:///kb/*").matches("file:///kb/a/b.md")).isTrue();
        assertThat(Glob.of("*").matches("anything/at all")).isTrue();
        assertThat(Glob.of("a.b").matches("aXb")).isFalse();
        assertThat(Glob.of("a[b]").matches("a[b]")).isTrue();
        assertThat(Glob.of("web_search").matches("web_search_v2")).isFalse();
        assertThat(Glob.of("x").matches(null)).isFalse();
    }

    @Test
    void aBlankPatternIsRefusedRatherThanGrantingNothingSilently() {
        assertThatThrownBy(() -> Glob.of(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
