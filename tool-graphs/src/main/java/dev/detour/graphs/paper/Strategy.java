package dev.detour.graphs.paper;

import dev.detour.graphs.scenario.RunRecord;
import dev.detour.graphs.scenario.Scenario;

/** A way of driving an agent's tool calls through a scenario: the router, ReAct, or a static workflow. */
public interface Strategy {

    /** The name in reports: {@code detour}, {@code react} or {@code static}. */
    String name();

    /** Runs one scenario on fresh mock tools and simulated time. */
    RunRecord run(Scenario scenario);
}
