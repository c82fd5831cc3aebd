package dev.detour.server.config;

import dev.detour.router.InvalidFieldException;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A logical tool: one name the agent sees, served by interchangeable upstream tools (providers).
 * Detour routes each call to the cheapest healthy provider and fails over to the next when that is
 * side-effect safe. Immutable.
 *
 * @param name        the tool name the agent sees
 * @param description the tool description the agent sees
 * @param inputSchema the JSON Schema of the arguments (a plain map)
 * @param hints       the MCP annotations; they decide whether failover after dispatch is safe
 * @param providers   the providers, in declaration order (ties in cost go to the earlier one)
 */
public record LogicalToolConfig(String name, String description, Map<String, Object> inputSchema, ToolHints hints, List<Provider> providers) {

    /** The input schema of a tool that declares none: any object. */
    public static final Map<String, Object> DEFAULT_INPUT_SCHEMA = Map.of("type", "object");

    /**
     * {@code schema} unmodifiable, in its order and with its JSON nulls ({@code description: ~} is
     * valid YAML and valid JSON Schema), or {@link #DEFAULT_INPUT_SCHEMA} when absent.
     */
    static Map<String, Object> schemaOrDefault(Map<String, Object> schema) {
        return schema == null ? DEFAULT_INPUT_SCHEMA : Collections.unmodifiableMap(new LinkedHashMap<>(schema));
    }

    public LogicalToolConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        inputSchema = schemaOrDefault(inputSchema);
        hints = hints == null ? ToolHints.NONE : hints;
        providers = List.copyOf(providers);
        if (providers.isEmpty()) {
            throw new IllegalArgumentException("logical tool '" + name + "' needs at least one provider");
        }
        Set<String> ids = new HashSet<>();
        for (Provider p : providers) {
            if (!ids.add(p.binding().routerToolId())) {
                throw new IllegalArgumentException("logical tool '" + name + "' lists provider " + p.binding().routerToolId() + " twice");
            }
        }
    }

    /**
     * One provider of a logical tool.
     *
     * @param binding the upstream tool and its argument mapping
     * @param cost    the base cost of choosing it (finite, non-negative; one unit across the file,
     *                e.g. expected milliseconds or cents)
     */
    public record Provider(ProviderBinding binding, double cost) {

        /** 1: every provider equally cheap, so declaration order decides. */
        public static final double DEFAULT_COST = 1;

        /** @throws InvalidFieldException naming {@code cost} when it is negative, NaN or infinite */
        public Provider {
            Objects.requireNonNull(binding, "binding");
            requireCost(cost);
        }

        /**
         * Checks a cost on its own, before there is a binding to go with it.
         *
         * @return {@code cost}
         * @throws InvalidFieldException naming {@code cost} when it is negative, NaN or infinite
         */
        public static double requireCost(double cost) {
            if (!(cost >= 0) || Double.isInfinite(cost)) {
                throw new InvalidFieldException("cost", "cost " + cost + " is not a finite non-negative number");
            }
            return cost;
        }
    }
}
