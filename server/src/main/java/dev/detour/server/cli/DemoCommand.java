package dev.detour.server.cli;

import dev.detour.server.demo.DemoLlm;
import dev.detour.server.demo.DemoTour;
import dev.detour.server.demo.EmbeddedDemo;
import dev.detour.server.upstream.stdio.ChildProcessReaper;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code detour demo}: the main job on an embedded default, no external server needed — Detour's
 * sidecar ({@code detour serve}) in front of in-process demo MCP upstreams on loopback, its {@code llm}
 * section pointed at an in-process scripted model server (or at a real model, {@code --llm-base-url}
 * and {@code --llm-model}), with a narrated tour played by an MCP client over HTTP.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Serve Detour in front of in-process demo MCP servers (two search providers, two geocoders, a slow forecast,"
                    + " a summariser) and play a narrated tour against its MCP URL: a call, an outage rerouted, a compound"
                    + " outage demoted by a ladder, a dead end decided by the LLM once and then by its cached decision,"
                    + " an escalation, healing.",
            "The LLM is a scripted model server in the same process (OpenAI chat completions on loopback, reached through"
                    + " LangChain4j's OpenAI client); --llm-base-url and --llm-model point the demo at a real OpenAI-compatible"
                    + " model instead, e.g. a local Ollama: --llm-base-url http://localhost:11434/v1 --llm-model qwen2.5:3b.",
            "By default the tour plays, then Detour keeps serving until Ctrl-C; connect any MCP client to the printed URL.",
            "Inject faults while it runs, over HTTP on the demo upstreams' own loopback server (its URL is printed at start):"
                    + " POST .../demo/faults/UPSTREAM/MODE with MODE healthy, down (HTTP 503), erroring (isError results)"
                    + " or slow (2 s late); GET .../demo/faults shows every upstream's mode."
        })
public final class DemoCommand implements Callable<Integer> {

    /** Exit code when an act of the tour ended differently than narrated. */
    static final int TOUR_FAILED = 1;
    /** Exit code when the demo could not start (e.g. {@code --port} is taken). */
    static final int NOT_STARTED = 1;

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true)
    Mode mode = new Mode();

    /** The two ways to leave out part of the default (tour, then serve). */
    static final class Mode {
        @Option(names = "--no-tour", description = "Just serve: print the MCP URL and run until Ctrl-C.")
        boolean noTour;

        @Option(names = "--tour-only", description = "Play the tour and exit: 0 when every act ended as narrated, 1 otherwise (for CI).")
        boolean tourOnly;
    }

    @ArgGroup(exclusive = false)
    RealModel realModel;

    /** A real model instead of the scripted one: both options, or neither. */
    static final class RealModel {
        @Option(names = "--llm-base-url", required = true, paramLabel = "URL",
                description = "Base URL of an OpenAI-compatible chat-completions API to ask at the dead end instead of the scripted"
                        + " model, e.g. http://localhost:11434/v1 (Ollama). Needs --llm-model.")
        String baseUrl;

        @Option(names = "--llm-model", required = true, paramLabel = "NAME",
                description = "The model that API serves, e.g. qwen2.5:3b. Needs --llm-base-url.")
        String model;
    }

    @Option(names = "--port", defaultValue = "0", description = "Port Detour's MCP endpoint listens on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--admin-port", defaultValue = "0",
            description = "Port of Detour's admin listener (/metrics, /health/*, /admin/*); 0 picks a free one, so demos never clash"
                    + " (default: ${DEFAULT-VALUE}).")
    int adminPort;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        EmbeddedDemo demo;
        try {
            demo = EmbeddedDemo.start(port, adminPort, realModel == null ? DemoLlm.scripted() : DemoLlm.at(realModel.baseUrl, realModel.model));
        } catch (Exception e) {
            spec.commandLine().getErr().println("could not start the demo: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return NOT_STARTED;
        }
        demo.printBanner(out);
        boolean asNarrated = mode.noTour || tour(demo, out);
        out.flush();
        if (mode.tourOnly) {
            demo.close();
            return asNarrated ? 0 : TOUR_FAILED;
        }
        out.println();
        out.println("Detour keeps serving on " + demo.url() + " — Ctrl-C to stop.");
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        ChildProcessReaper.beforeReaping(() -> {
            try {
                demo.close();
            } catch (Exception e) {
                System.err.println("detour demo: shutdown did not finish cleanly: " + e);
            } finally {
                stopped.countDown();
            }
        });
        stopped.await();
        return asNarrated ? 0 : TOUR_FAILED;
    }

    /** Plays the tour; a tour whose MCP client fails (Detour did not answer) did not end as narrated either. */
    private static boolean tour(EmbeddedDemo demo, PrintWriter out) {
        try {
            return new DemoTour(demo, out).play();
        } catch (IllegalStateException e) {
            out.println("UNEXPECTED: the tour's MCP client failed: " + e.getMessage());
            return false;
        }
    }
}
