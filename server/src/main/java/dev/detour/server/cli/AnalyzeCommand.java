package dev.detour.server.cli;

import dev.detour.graphs.ConfigException;
import dev.detour.graphs.analysis.GraphAnalyzer;
import dev.detour.graphs.analysis.GraphRisk;
import dev.detour.graphs.loader.GraphLoader;
import dev.detour.graphs.loader.Source;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code detour analyze FILE [--json]}: pre-deployment risk analysis of a tool graph. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "Per goal: the fewest tool failures that make it infeasible, its single points of failure, and which "
                + "dead ends the demotion ladder covers, which go to the escalation policy and which end in escalation.")
final class AnalyzeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "A graph file (YAML).")
    Path file;

    @Option(names = "--json", description = "Print the analysis as JSON.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            GraphRisk risk = new GraphAnalyzer().analyze(GraphLoader.load(Source.file(file)).graph());
            out.println(json ? JsonText.of(risk.toMap()) : risk.toText());
            out.flush();
            return 0;
        } catch (ConfigException e) {
            err.println("INVALID " + file + ": fix these first (detour validate " + file + ")");
            e.problems().forEach(p -> err.println("  " + p));
        } catch (UncheckedIOException e) {
            err.println("cannot read " + file + ": " + e.getMessage());
        }
        err.flush();
        return 1;
    }
}
