package dev.detour.server.cli;

import dev.detour.graphs.ConfigException;
import dev.detour.graphs.loader.GraphLoader;
import dev.detour.graphs.loader.LoadedGraph;
import dev.detour.graphs.loader.Source;
import dev.detour.graphs.scenario.Scenario;
import dev.detour.graphs.scenario.ScenarioLoader;
import dev.detour.router.graph.ToolGraph;
import dev.detour.server.config.ConfigLoader;
import dev.detour.server.config.DetourConfig;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code detour validate FILE...}: checks tool graph files, scenario files (recognised by their
 * top-level {@code expect:}) and Detour configs (recognised by their top-level {@code upstreams:});
 * every problem names file, line, field and fix.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Validate tool graph files, scenario files (a top-level 'expect:') and Detour configs "
                + "(detour.yaml, a top-level 'upstreams:'). Exit code 0 when all are valid, 1 otherwise.")
final class ValidateCommand implements Callable<Integer> {

    private static final Pattern SCENARIO = Pattern.compile("(?m)^expect\\s*:");
    private static final Pattern DETOUR_CONFIG = Pattern.compile("(?m)^upstreams\\s*:");

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Graph, scenario or config files (YAML).")
    List<Path> files;

    /** Which model dead ends go to; provider, model and URL only (never the key). */
    private static String llm(DetourConfig config) {
        return config.llm() == null ? "no LLM" : "LLM " + config.llm().provider().configName() + " '" + config.llm().model() + "' at "
                + config.llm().baseUrl() + (config.llm().apiKey() == null ? "" : " (with an API key)");
    }

    /** What the config says about identity, in one clause; counts and names only, never a secret. */
    private static String identity(DetourConfig config) {
        StringBuilder b = new StringBuilder();
        if (config.auth() != null) {
            b.append("; auth for ").append(config.auth().resource());
            if (config.auth().jwt() != null) {
                b.append(" (JWTs from ").append(config.auth().jwt().issuer()).append(')');
            }
            if (!config.auth().apiKeys().isEmpty()) {
                b.append(", ").append(config.auth().apiKeys().size()).append(" API key(s)");
            }
        } else {
            b.append("; no auth (loopback only)");
        }
        if (config.policy() != null) {
            b.append("; policy with ").append(config.policy().rules().size()).append(" rule(s)");
        }
        return b.toString();
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int invalid = 0;
        for (Path file : files) {
            try {
                Source source = Source.file(file);
                String text = source.read();
                if (DETOUR_CONFIG.matcher(text).find()) {
                    DetourConfig config = ConfigLoader.load(source);
                    out.printf("OK  %s: Detour config, %d upstreams, %d logical tools, %d goal tools, %s%s%n", file, config.upstreams().size(),
                            config.logicalTools().size(), config.goalTools().size(), llm(config), identity(config));
                    continue;
                }
                if (SCENARIO.matcher(text).find()) {
                    Scenario scenario = ScenarioLoader.load(source);
                    out.printf("OK  %s: scenario '%s' on graph '%s', %d faults, expects %s%n", file, scenario.name(),
                            scenario.graph().graph().name(), scenario.faults().size(), scenario.expect().outcome().name().toLowerCase());
                    continue;
                }
                LoadedGraph loaded = GraphLoader.load(source);
                ToolGraph g = loaded.graph();
                out.printf("OK  %s: graph '%s' (%s), %d vertices, %d transitions, %d tools, goals %s%n", file, g.name(),
                        g.topology().name().toLowerCase(), g.steps().size(), g.transitions().size(), g.tools().size(), g.goals());
            } catch (ConfigException e) {
                invalid++;
                err.printf("INVALID %s: %d problem%s%n", file, e.problems().size(), e.problems().size() == 1 ? "" : "s");
                e.problems().forEach(p -> err.println("  " + p));
            } catch (UncheckedIOException e) {
                invalid++;
                err.println("INVALID " + file + ": " + e.getMessage());
            }
        }
        out.flush();
        err.flush();
        return invalid == 0 ? 0 : 1;
    }
}
