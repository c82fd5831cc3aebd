package dev.detour.server.cli;

import io.vertx.core.VertxOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code detour} command line: one subcommand per job. */
@Command(
        name = "detour",
        mixinStandardHelpOptions = true,
        versionProvider = DetourCommand.Version.class,
        description = "Self-healing tool routing for LLM agents.",
        subcommands = {
            DemoCommand.class,
            ValidateCommand.class,
            ScenariosCommand.class,
            BenchCommand.class,
            AnalyzeCommand.class,
            ProxyCommand.class,
            ServeCommand.class,
            CommandLine.HelpCommand.class
        })
public final class DetourCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * The Vert.x options every command starts with: the native transport (epoll) where the platform
     * has one — fewer copies and system calls per request than NIO — and NIO elsewhere.
     */
    static VertxOptions vertxOptions() {
        return new VertxOptions().setPreferNativeTransport(true);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (for tests). */
    public static int run(String... args) {
        return new CommandLine(new DetourCommand()).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Reads the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = DetourCommand.class.getPackage().getImplementationVersion();
            return new String[] {"detour " + (v == null ? "dev" : v)};
        }
    }
}
