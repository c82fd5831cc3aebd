package dev.detour.graphs.loader;

import dev.detour.graphs.loader.NodeReader.Located;
import dev.detour.router.graph.ToolAnnotations;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.Node;

/**
 * A graph file as written, with the position of every part, so that problems found later (by the
 * validator or by router-core) can point back at a line. Mirrors router-core's {@code ToolGraph}.
 *
 * @param source      where it was read from
 * @param name        the graph's name
 * @param description free text, or {@code null}
 * @param costUnit    what transition costs measure (documentation only), or {@code null}
 * @param start       the start vertex
 * @param steps       vertices by id, in file order
 * @param transitions edges, in file order
 * @param goals       goals, in file order (the first is the default; later goals are lesser)
 * @param demotions   demotion ladders by goal
 * @param forks       fork regions
 */
public record GraphFile(
        String source,
        String name,
        @Nullable String description,
        @Nullable String costUnit,
        @Nullable Located start,
        Map<String, StepSpec> steps,
        List<TransitionSpec> transitions,
        List<Located> goals,
        Map<String, DemotionSpec> demotions,
        List<ForkSpec> forks) {

    /**
     * A vertex. A step without a {@code tool} is a waypoint.
     *
     * @param id          vertex id (its key in the file)
     * @param node        the key's node
     * @param tool        the tool it invokes, or {@code null} for a waypoint
     * @param output      the output name later templates read (defaults to the id)
     * @param args        the argument template as plain values
     * @param argsNode    the node of {@code args}, or {@code null}
     * @param annotations the MCP annotations (defaults to the MCP worst case)
     * @param branch      the fork branch, or {@code null}
     * @param branchNode  the node of {@code branch}, or {@code null}
     * @param description free text, or {@code null}
     */
    public record StepSpec(
            String id,
            Node node,
            @Nullable String tool,
            String output,
            Map<String, Object> args,
            @Nullable Node argsNode,
            ToolAnnotations annotations,
            @Nullable String branch,
            @Nullable Node branchNode,
            @Nullable String description) {

        public boolean invokesTool() {
            return tool != null;
        }

        public int line() {
            return NodeReader.line(node);
        }
    }

    /**
     * An edge.
     *
     * @param index    position in the {@code transitions} list
     * @param node     the item's node
     * @param from     source id (with position)
     * @param to       target id (with position)
     * @param cost     base cost
     * @param costNode the node of {@code cost}
     */
    public record TransitionSpec(int index, Node node, Located from, Located to, double cost, Node costNode) {
        public String field() {
            return "transitions[" + index + "]";
        }
    }

    /** A goal's demotion ladder: lesser goals, best first. */
    public record DemotionSpec(String goal, Node node, List<Located> lesser) {
    }

    /** A fork region. */
    public record ForkSpec(int index, Node node, Located fork, Located join, List<Located> branches) {
        public String field() {
            return "forks[" + index + "]";
        }
    }
}
