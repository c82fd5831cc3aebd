package dev.detour.graphs.paper;

import dev.detour.graphs.paper.StaticWorkflow.WorkflowNode;
import dev.detour.graphs.scenario.Expectation.Outcome;
import dev.detour.graphs.scenario.MockTools;
import dev.detour.graphs.scenario.RunRecord;
import dev.detour.graphs.scenario.Scenario;
import dev.detour.router.error.ErrorCategory;
import dev.detour.router.graph.Step;
import dev.detour.router.graph.ToolGraph;
import dev.detour.router.time.ManualClock;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a scenario through the {@link StaticWorkflow} written for its graph. What it reports is what
 * such a workflow would report: "done" when it reaches the end of its node list, an exception when
 * a node fails without an anticipated way out. What it records besides — steps it skipped and
 * unvalidated bad output it passed on — is what makes a "done" a silent failure.
 */
public final class StaticWorkflowStrategy implements Strategy {

    @Override
    public String name() {
        return "static";
    }

    @Override
    public RunRecord run(Scenario scenario) {
        ToolGraph graph = scenario.graph().graph();
        StaticWorkflow workflow = StaticWorkflow.forGraph(graph);
        ManualClock clock = new ManualClock();
        MockTools tools = new MockTools(graph, scenario.faults());
        List<String> succeeded = new ArrayList<>();
        List<String> unhandled = new ArrayList<>();
        List<String> trace = new ArrayList<>();
        for (WorkflowNode node : workflow.nodes()) {
            boolean done = attempt(graph.step(node.step()).orElseThrow(), node, workflow, tools, clock, succeeded, unhandled, trace);
            if (!done && node.fallback() != null) {
                trace.add("fallback  " + node.step() + " -> " + node.fallback());
                done = attempt(graph.step(node.fallback()).orElseThrow(), node, workflow, tools, clock, succeeded, unhandled, trace);
            }
            if (!done) {
                if (node.continueOnFailure()) {
                    unhandled.add("step '" + node.step() + "' failed and the workflow continued without it");
                    trace.add("skipped   " + node.step() + " (on-failure: continue)");
                    continue;
                }
                trace.add("RAISED    " + node.step() + ": the workflow stops with an error");
                return new RunRecord(name(), Outcome.ESCALATED, null, succeeded, unhandled, tools.repeatedEffects(), tools.callsByTool(), 0, clock.elapsed(),
                        null, trace);
            }
        }
        trace.add("done      " + workflow.goal());
        return new RunRecord(name(), Outcome.COMPLETED, workflow.goal(), succeeded, unhandled, tools.repeatedEffects(), tools.callsByTool(), 0,
                clock.elapsed(), null, trace);
    }

    /** Calls one step with the workflow's retry policy, one call at a time; true when it produced an accepted result. */
    private static boolean attempt(Step step, WorkflowNode node, StaticWorkflow wf, MockTools tools, ManualClock clock, List<String> succeeded,
            List<String> unhandled, List<String> trace) {
        for (int i = 1; i <= wf.attempts(); i++) {
            ErrorCategory failure;
            MockTools.Response response = tools.call(step, wf.timeout());
            clock.advance(response.latency());
            switch (response) {
                case MockTools.Response.Answer a when a.malformed() && node.validate() -> failure = ErrorCategory.INTERNAL;
                case MockTools.Response.Answer a -> {
                    if (a.malformed()) {
                        unhandled.add("step '" + step.id() + "' returned malformed output that was passed on unchecked");
                    }
                    succeeded.add(step.id());
                    trace.add("ok        " + step.id() + " (" + step.tool() + ")");
                    return true;
                }
                case MockTools.Response.Error e -> failure = e.error().category();
            }
            trace.add("FAILED    " + step.id() + " (" + step.tool() + ") attempt " + i + ": " + failure);
            if (!wf.retryOn().contains(failure)) {
                return false;
            }
        }
        return false;
    }
}
