package dev.detour.router.graph;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A vertex of a {@link ToolGraph}: either one tool invocation or a waypoint (start, goal, fork or
 * join) that invokes nothing.
 *
 * @param id          unique vertex id
 * @param tool        the tool this step invokes, or {@code null} for a waypoint
 * @param output      the name under which the step's result is visible to later argument templates;
 *                    alternatives that do the same job share one output name
 * @param arguments   the argument template (see {@link ArgumentTemplate})
 * @param annotations the tool's MCP annotations
 * @param branch      the fork branch this step belongs to, or {@code null} outside fork regions
 */
public record Step(
        String id,
        @Nullable String tool,
        String output,
        ArgumentTemplate arguments,
        ToolAnnotations annotations,
        @Nullable String branch) {

    public Step {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(arguments, "arguments");
        Objects.requireNonNull(annotations, "annotations");
    }

    /** A tool-invoking step whose output is named after its id. */
    public static Step tool(String id, String tool, Map<String, ?> arguments, ToolAnnotations annotations) {
        return new Step(id, tool, id, ArgumentTemplate.of(arguments), annotations, null);
    }

    /** A waypoint: a vertex that invokes nothing. */
    public static Step waypoint(String id) {
        return new Step(id, null, id, ArgumentTemplate.EMPTY, ToolAnnotations.READ_ONLY, null);
    }

    /**
     * The tool this step invokes, for a step that {@link #invokesTool() invokes one}.
     *
     * @throws IllegalStateException for a waypoint
     */
    public String invokedTool() {
        if (tool == null) {
            throw new IllegalStateException("waypoint '" + id + "' invokes no tool");
        }
        return tool;
    }

    /** True when this vertex invokes a tool. */
    public boolean invokesTool() {
        return tool != null;
    }

    /** The fork branch of this step, if it lies inside a fork region. */
    public Optional<String> branchName() {
        return Optional.ofNullable(branch);
    }

    /** A copy with another output name. */
    public Step withOutput(String newOutput) {
        return new Step(id, tool, newOutput, arguments, annotations, branch);
    }

    /** A copy placed in a fork branch. */
    public Step inBranch(String newBranch) {
        return new Step(id, tool, output, arguments, annotations, newBranch);
    }
}
