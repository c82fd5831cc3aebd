package dev.detour.graphs.loader;

import dev.detour.graphs.ConfigException;
import dev.detour.graphs.ConfigProblem;
import dev.detour.graphs.loader.GraphFile.DemotionSpec;
import dev.detour.graphs.loader.GraphFile.ForkSpec;
import dev.detour.graphs.loader.GraphFile.StepSpec;
import dev.detour.graphs.loader.GraphFile.TransitionSpec;
import dev.detour.graphs.loader.NodeReader.Located;
import dev.detour.router.graph.ArgumentTemplate;
import dev.detour.router.graph.GraphValidationException;
import dev.detour.router.graph.Step;
import dev.detour.router.graph.ToolGraph;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads YAML graph files into router-core {@link ToolGraph}s. The file is parsed with positions,
 * checked by the validator (problems name file, line, field and fix), and only then built; any
 * problem router-core still finds is mapped back to the line of the step or transition it names.
 * Stateless and thread-safe.
 *
 * <pre>{@code
 * ToolGraph graph = GraphLoader.load(Path.of("support-ticket.yaml")).graph();
 * }</pre>
 */
public final class GraphLoader {

    private static final Pattern QUOTED = Pattern.compile("'([^']+)'");
    private static final Pattern TRANSITION = Pattern.compile("transition ([^\\s:]+) -> ([^\\s:]+)");

    private GraphLoader() {
    }

    /**
     * Loads and validates a graph file.
     *
     * @throws ConfigException listing every problem, each with file, line, field and fix
     * @throws java.io.UncheckedIOException when the file cannot be read
     */
    public static LoadedGraph load(Path path) {
        return load(Source.file(path));
    }

    /** Loads and validates a graph from any source. @throws ConfigException listing every problem */
    public static LoadedGraph load(Source source) {
        NodeReader reader = new NodeReader(source.name());
        Optional<LoadedGraph> graph = reader.compose(source.read()).flatMap(root -> fromNode(root, reader, defaultName(source.name())));
        if (!reader.problems().isEmpty() || graph.isEmpty()) {
            throw new ConfigException(reader.problems());
        }
        return graph.get();
    }

    /**
     * Builds a graph from a node of a larger document (a scenario's inline graph). Problems go to
     * {@code reader}; the result is empty when there are any.
     */
    public static Optional<LoadedGraph> fromNode(Node root, NodeReader reader, String fallbackName) {
        int before = reader.problems().size();
        Optional<GraphFile> parsed = new GraphFileParser(reader).parse(root, fallbackName);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        GraphFile file = parsed.get();
        new GraphValidator(reader, file).validate();
        if (reader.problems().size() > before) {
            return Optional.empty();
        }
        try {
            return Optional.of(new LoadedGraph(file, build(file)));
        } catch (GraphValidationException e) {
            e.problems().forEach(p -> reader.problems().add(locate(file, p)));
            return Optional.empty();
        }
    }

    private static ToolGraph build(GraphFile file) {
        ToolGraph.Builder b = ToolGraph.builder(file.name());
        for (StepSpec s : file.steps().values()) {
            b.step(new Step(s.id(), s.tool(), s.output(), ArgumentTemplate.of(s.args()), s.annotations(), s.branch()));
        }
        b.start(Objects.requireNonNull(file.start(), "validated: the file has a start").value());
        for (TransitionSpec t : file.transitions()) {
            b.transition(t.from().value(), t.to().value(), t.cost());
        }
        file.goals().forEach(g -> b.goal(g.value()));
        for (DemotionSpec d : file.demotions().values()) {
            b.demotion(d.goal(), d.lesser().stream().map(Located::value).toArray(String[]::new));
        }
        for (ForkSpec f : file.forks()) {
            b.fork(f.fork().value(), f.join().value(), f.branches().stream().map(Located::value).toArray(String[]::new));
        }
        return b.build();
    }

    /** Maps a router-core problem sentence to the line of the transition or step it names. */
    static ConfigProblem locate(GraphFile file, String problem) {
        String fix = "change the graph so that the rule stated in the message holds (router-core enforces it)";
        Matcher t = TRANSITION.matcher(problem);
        if (t.find()) {
            for (TransitionSpec spec : file.transitions()) {
                if (spec.from().value().equals(t.group(1)) && spec.to().value().equals(t.group(2))) {
                    return new ConfigProblem(file.source(), NodeReader.line(spec.node()), NodeReader.column(spec.node()), spec.field(), problem, fix);
                }
            }
        }
        Matcher q = QUOTED.matcher(problem);
        while (q.find()) {
            StepSpec s = file.steps().get(q.group(1));
            if (s != null) {
                return new ConfigProblem(file.source(), s.line(), NodeReader.column(s.node()), "steps." + s.id(), problem, fix);
            }
            for (ForkSpec f : file.forks()) {
                if (f.fork().value().equals(q.group(1))) {
                    return new ConfigProblem(file.source(), NodeReader.line(f.node()), NodeReader.column(f.node()), f.field(), problem, fix);
                }
            }
        }
        return new ConfigProblem(file.source(), 0, 0, "(graph)", problem, fix);
    }

    private static String defaultName(String sourceName) {
        String base = sourceName.replaceAll(".*[/\\\\:]", "");
        return base.replaceAll("\\.ya?ml$", "");
    }
}
