package dev.detour.server.config;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Objects;

/**
 * Which upstream tools the agent also sees as they are, next to the logical and goal tools.
 * Patterns are globs over {@code upstream/tool} ({@code *} matches within one part, e.g.
 * {@code search/*} or {@code *}{@code /delete_*}). Resources, prompts and everything else an
 * upstream offers pass through unless switched off. Immutable; build with {@link #builder()}.
 *
 * @param include       tools shown when they match one of these (and no exclude)
 * @param exclude       tools hidden when they match one of these
 * @param hideProviders hide upstream tools that serve a logical or goal tool, so the agent calls
 *                      the healing tool rather than one provider directly
 * @param resources     forward resources (list, read, templates, subscribe)
 * @param prompts       forward prompts
 */
public record PassThroughRules(List<String> include, List<String> exclude, boolean hideProviders, boolean resources, boolean prompts) {

    /** Every upstream tool. */
    public static final List<String> DEFAULT_INCLUDE = List.of("*/*");
    /** Hidden: the agent should reach providers through their logical tool. */
    public static final boolean DEFAULT_HIDE_PROVIDERS = true;

    public PassThroughRules {
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
        for (String pattern : include) {
            check(pattern);
        }
        for (String pattern : exclude) {
            check(pattern);
        }
    }

    public static PassThroughRules ofDefaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * True when the upstream tool passes through by the patterns alone; {@link #hideProviders()} is
     * applied by whoever knows the providers.
     */
    public boolean allows(String upstream, String tool) {
        Path path = Path.of(upstream, tool);
        return include.stream().anyMatch(p -> matcher(p).matches(path)) && exclude.stream().noneMatch(p -> matcher(p).matches(path));
    }

    /**
     * Checks one pattern.
     *
     * @throws IllegalArgumentException when it is not a glob over {@code upstream/tool}
     */
    public static void check(String pattern) {
        Objects.requireNonNull(pattern, "pattern");
        long slashes = pattern.chars().filter(c -> c == '/').count();
        if (slashes != 1 || pattern.startsWith("/") || pattern.endsWith("/")) {
            throw new IllegalArgumentException("'" + pattern + "' is not of the form upstream/tool (globs allowed, e.g. search/* or */get_*)");
        }
        matcher(pattern);
    }

    // The JDK's glob matcher rather than hand-written matching: same syntax users know from file globs.
    private static PathMatcher matcher(String pattern) {
        return FileSystems.getDefault().getPathMatcher("glob:" + pattern);
    }

    /** Builder with the defaults: every tool, providers hidden, resources and prompts forwarded. */
    public static final class Builder {
        private List<String> include = DEFAULT_INCLUDE;
        private List<String> exclude = List.of();
        private boolean hideProviders = DEFAULT_HIDE_PROVIDERS;
        private boolean resources = true;
        private boolean prompts = true;

        private Builder() {
        }

        public Builder include(List<String> v) {
            this.include = v;
            return this;
        }

        public Builder exclude(List<String> v) {
            this.exclude = v;
            return this;
        }

        public Builder hideProviders(boolean v) {
            this.hideProviders = v;
            return this;
        }

        public Builder resources(boolean v) {
            this.resources = v;
            return this;
        }

        public Builder prompts(boolean v) {
            this.prompts = v;
            return this;
        }

        public PassThroughRules build() {
            return new PassThroughRules(include, exclude, hideProviders, resources, prompts);
        }
    }
}
