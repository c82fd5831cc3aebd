package dev.detour.server.proxy;

import dev.detour.server.upstream.UpstreamClientConfig;
import dev.detour.server.upstream.UpstreamSpec;
import dev.detour.server.upstream.stdio.StdioSupervisorConfig;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the pass-through proxy fronts and how. Immutable.
 *
 * @param upstreams  the upstream servers, in priority order (first wins a {@link NamePolicy#NEVER} collision)
 * @param namePolicy when tool and prompt names get an upstream prefix
 * @param client     time limits for upstream requests
 * @param stdio      supervision of stdio children
 * @param serverName the {@code serverInfo.name} Detour reports when it aggregates several upstreams
 */
public record ProxyConfig(
        List<UpstreamSpec> upstreams,
        NamePolicy namePolicy,
        UpstreamClientConfig client,
        StdioSupervisorConfig stdio,
        String serverName) {

    /** Conditional prefixing. */
    public static final NamePolicy DEFAULT_NAME_POLICY = NamePolicy.CONDITIONAL;
    /** "detour". */
    public static final String DEFAULT_SERVER_NAME = "detour";

    public ProxyConfig {
        upstreams = List.copyOf(upstreams);
        Objects.requireNonNull(namePolicy, "namePolicy");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(stdio, "stdio");
        Objects.requireNonNull(serverName, "serverName");
        if (upstreams.isEmpty()) {
            throw new IllegalArgumentException("at least one upstream is required");
        }
        Set<String> names = new HashSet<>();
        for (UpstreamSpec spec : upstreams) {
            if (!names.add(spec.name())) {
                throw new IllegalArgumentException("two upstreams are named '" + spec.name()
                        + "'; name them with NAME=… to tell them apart");
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder; fields start at their defaults. */
    public static final class Builder {
        private List<UpstreamSpec> upstreams = List.of();
        private NamePolicy namePolicy = DEFAULT_NAME_POLICY;
        private UpstreamClientConfig client = UpstreamClientConfig.ofDefaults();
        private StdioSupervisorConfig stdio = StdioSupervisorConfig.ofDefaults();
        private String serverName = DEFAULT_SERVER_NAME;

        private Builder() {}

        public Builder upstreams(List<UpstreamSpec> value) {
            this.upstreams = value;
            return this;
        }

        public Builder namePolicy(NamePolicy value) {
            this.namePolicy = value;
            return this;
        }

        public Builder client(UpstreamClientConfig value) {
            this.client = value;
            return this;
        }

        public Builder stdio(StdioSupervisorConfig value) {
            this.stdio = value;
            return this;
        }

        public Builder serverName(String value) {
            this.serverName = value;
            return this;
        }

        public ProxyConfig build() {
            return new ProxyConfig(upstreams, namePolicy, client, stdio, serverName);
        }
    }
}
