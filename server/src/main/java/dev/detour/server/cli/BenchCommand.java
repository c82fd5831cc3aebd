package dev.detour.server.cli;

import dev.detour.graphs.paper.PaperBench;
import dev.detour.graphs.paper.PaperReport;
import dev.detour.graphs.paper.PaperTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** {@code detour bench paper [--json | --markdown [--into FILE]]}. */
    @Command(name = "paper", mixinStandardHelpOptions = true,
            description = "Reproduce the Self-Healing Router evaluation (arXiv 2603.01548): 19 scenarios over three topologies "
                    + "under detour, react and a static workflow, on the same mock tools. See docs/paper-reproduction.md.")
    static final class Paper implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "Print the table as JSON: {\"strategies\": [...], \"scenarios\": [...]}.")
        boolean json;

        @Option(names = "--markdown", description = "Print the tables docs/paper-reproduction.md publishes, in Markdown.")
        boolean markdown;

        @Option(names = "--into", paramLabel = "FILE", description = "With --markdown: write the tables into FILE, between its paper-table "
                + "markers, instead of printing them (" + PaperTable.REGENERATE + ").")
        Path into;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if ((json && markdown) || (into != null && !markdown)) {
                err.println("use --json or --markdown, not both; --into goes with --markdown");
                err.flush();
                return 2;
            }
            PaperReport report = new PaperBench().runCatalog();
            if (into != null) {
                Files.writeString(into, PaperTable.replace(Files.readString(into), report.toMarkdown()));
                out.println("wrote the paper tables into " + into);
            } else {
                out.println(json ? JsonText.of(report.toMap()) : markdown ? report.toMarkdown() : report.toText());
            }
            out.flush();
            return 0;
        }
    }
}
