package dev.detour.server.config;

import dev.detour.router.graph.ArgumentTemplate;
import dev.detour.server.upstream.UpstreamSpec;
import java.util.Objects;

/**
 * One upstream tool that does a job for Detour: which upstream, which of its tools, and how to
 * build that tool's arguments. Immutable.
 *
 * <p>The argument mapping is a router-core {@link ArgumentTemplate} whose {@code ${input/...}}
 * references read the arguments Detour has for the call — the agent's arguments for a logical
 * tool, the step's rendered arguments for a goal tool. Without a mapping those arguments are sent
 * as they are.
 *
 * @param upstream  the upstream's name, as declared under {@code upstreams}
 * @param tool      the tool's name at that upstream
 * @param arguments the argument mapping, or {@code null} to forward the arguments unchanged
 */
public record ProviderBinding(String upstream, String tool, ArgumentTemplate arguments) {

    public ProviderBinding {
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(tool, "tool");
        if (!UpstreamSpec.NAME.matcher(upstream).matches()) {
            throw new IllegalArgumentException("upstream name '" + upstream + "' must match " + UpstreamSpec.NAME.pattern());
        }
        if (tool.isBlank()) {
            throw new IllegalArgumentException("the tool name must not be blank");
        }
    }

    /** A binding that forwards the arguments unchanged. */
    public static ProviderBinding forward(String upstream, String tool) {
        return new ProviderBinding(upstream, tool, null);
    }

    /**
     * The name router-core and the health view know this upstream tool by: {@code tool@upstream}.
     * Every logical and goal tool that uses the same upstream tool shares its health.
     */
    public String routerToolId() {
        return tool + "@" + upstream;
    }

    /** True when the arguments are sent as they are. */
    public boolean forwardsArguments() {
        return arguments == null;
    }
}
