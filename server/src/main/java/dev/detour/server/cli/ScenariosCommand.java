package dev.detour.server.cli;

import dev.detour.graphs.ConfigException;
import dev.detour.graphs.ConfigProblem;
import dev.detour.graphs.loader.Source;
import dev.detour.graphs.scenario.Scenario;
import dev.detour.graphs.scenario.ScenarioCatalog;
import dev.detour.graphs.scenario.ScenarioLoader;
import dev.detour.graphs.scenario.ScenarioReport;
import dev.detour.graphs.scenario.ScenarioRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code detour scenarios}: work with scenario files. */
@Command(name = "scenarios", mixinStandardHelpOptions = true, description = "Run fault scenarios against tool graphs.",
        subcommands = ScenariosCommand.Run.class)
final class ScenariosCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code detour scenarios run PATH... [--json]}. */
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run scenario files (or every *.yaml under a folder) through the router on mock tools and simulated time; "
                    + "report pass/fail and the route trace of each failure. Exit code 0 when all pass, 1 otherwise.")
    static final class Run implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(arity = "0..*", paramLabel = "PATH", description = "Scenario files or folders.")
        List<Path> paths = new ArrayList<>();

        @Option(names = "--catalog", description = "Also run the bundled catalogs: the 19-scenario paper catalog and the regression scenarios.")
        boolean catalog;

        @Option(names = "--json", description = "Print the report as JSON.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            List<Source> sources = new ArrayList<>();
            if (catalog) {
                sources.addAll(ScenarioCatalog.bundled());
            }
            for (Path p : paths) {
                sources.addAll(expand(p));
            }
            if (sources.isEmpty()) {
                err.println("no scenario given: pass scenario files or folders, or --catalog");
                err.flush();
                return 1;
            }
            List<Scenario> scenarios = new ArrayList<>();
            List<ConfigProblem> problems = new ArrayList<>();
            for (Source s : sources) {
                try {
                    scenarios.add(ScenarioLoader.load(s));
                } catch (ConfigException e) {
                    problems.addAll(e.problems());
                } catch (UncheckedIOException e) {
                    problems.add(new ConfigProblem(s.name(), 0, 0, "(file)", e.getMessage(), "check the path"));
                }
            }
            ScenarioReport report = new ScenarioRunner().runAll(scenarios);
            if (json) {
                Map<String, Object> tree = new LinkedHashMap<>(report.toMap());
                tree.put("invalid", problems.stream().map(ConfigProblem::toString).toList());
                out.println(JsonText.of(tree));
            } else {
                out.print(report.toText());
                problems.forEach(p -> err.println("INVALID " + p));
            }
            out.flush();
            err.flush();
            return report.allPassed() && problems.isEmpty() ? 0 : 1;
        }

        private static List<Source> expand(Path p) throws IOException {
            if (!Files.isDirectory(p)) {
                return List.of(Source.file(p));
            }
            try (Stream<Path> walk = Files.walk(p)) {
                return walk.filter(Files::isRegularFile)
                        .filter(f -> f.getFileName().toString().matches(".*\\.ya?ml"))
                        .sorted()
                        .map(Source::file)
                        .toList();
            }
        }
    }
}
