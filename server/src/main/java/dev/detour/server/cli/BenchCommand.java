package dev.detour.server.cli;

import dev.detour.graphs.paper.PaperBench;
import dev.detour.graphs.paper.PaperReport;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code detour bench}: reproducible evaluations. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Run Detour's evaluations.",
        subcommands = BenchCommand.Paper.class)
final class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code detour bench paper [--json]}. */
    @Command(name = "paper", mixinStandardHelpOptions = true,
            description = "Reproduce the Self-Healing Router evaluation (arXiv 2603.01548): 19 scenarios over three topologies "
                    + "under detour, react and a static workflow, on the same mock tools. See docs/paper-reproduction.md.")
    static final class Paper implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "Print the table as JSON: {\"strategies\": [...], \"scenarios\": [...]}.")
        boolean json;

        @Override
        public Integer call() {
            PaperReport report = new PaperBench().runCatalog();
            PrintWriter out = spec.commandLine().getOut();
            out.println(json ? JsonText.of(report.toMap()) : report.toText());
            out.flush();
            return 0;
        }
    }
}
