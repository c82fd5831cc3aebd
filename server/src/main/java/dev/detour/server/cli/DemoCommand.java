package dev.detour.server.cli;

import dev.detour.server.demo.DemoTour;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code detour demo}: the main job on an embedded default, no external server needed. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Play a narrated tour of self-healing routing on an embedded router with in-process tools.")
final class DemoCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        return new DemoTour(System.out).play() ? 0 : 1;
    }
}
