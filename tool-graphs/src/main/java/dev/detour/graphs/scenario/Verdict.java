package dev.detour.graphs.scenario;

import dev.detour.graphs.scenario.Expectation.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A run judged against its scenario's expectation.
 *
 * @param correct        the run ended as expected, on time, with the expected tool calls, no
 *                       silent failure and no repeated effect
 * @param silentFailure  some failure was neither rerouted nor escalated, or never reported
 * @param mismatches     why it is not correct, one sentence each (empty when correct)
 */
public record Verdict(boolean correct, boolean silentFailure, List<String> mismatches) {

    public Verdict {
        mismatches = List.copyOf(mismatches);
    }

    /**
     * Judges a run.
     *
     * @param checkDecidedBy whether to hold the run to the expectation's {@code decided-by} (only the
     *                       router has a ladder/policy distinction)
     */
    public static Verdict judge(Scenario scenario, RunRecord run, boolean checkDecidedBy) {
        Expectation e = scenario.expect();
        List<String> why = new ArrayList<>();
        if (run.outcome() != e.outcome()) {
            why.add("expected " + e.outcome().name().toLowerCase(Locale.ROOT) + ", but the run " + describe(run));
        } else {
            String expectedGoal = e.outcome() == Outcome.COMPLETED && e.goal() == null ? scenario.goal() : e.goal();
            if (e.outcome() != Outcome.ESCALATED && !Objects.equals(expectedGoal, run.goal())) {
                why.add("expected goal '" + expectedGoal + "', but the run reached '" + run.goal() + "'");
            }
        }
        if (e.outcome() != Outcome.ESCALATED && !isSubsequence(e.via(), run.succeededSteps())) {
            why.add("expected to go via " + e.via() + " in that order, but the steps that succeeded were " + run.succeededSteps());
        }
        if (checkDecidedBy && e.decidedBy() != null && run.outcome() == Outcome.DEMOTED && e.decidedBy() != run.decidedBy()) {
            why.add("expected the demotion to be decided by the " + e.decidedBy().name().toLowerCase(Locale.ROOT) + ", but it was decided by "
                    + (run.decidedBy() == null ? "nobody" : "the " + run.decidedBy().name().toLowerCase(Locale.ROOT)));
        }
        e.calls().forEach((tool, n) -> {
            if (run.calls(tool) != n) {
                why.add("expected " + calls(n) + " to " + tool + ", but " + run.calls(tool) + " reached it");
            }
        });
        for (String tool : e.never()) {
            if (run.calls(tool) > 0) {
                why.add("expected no call to " + tool + ", but " + calls(run.calls(tool)) + " reached it");
            }
        }
        why.addAll(run.repeatedEffects());
        if (scenario.budget() != null && run.elapsed().compareTo(scenario.budget()) > 0) {
            why.add("answered after " + run.elapsed().toMillis() + " ms, past the " + scenario.budget().toMillis() + " ms budget");
        }
        boolean silent = !run.unhandledFailures().isEmpty();
        if (silent) {
            why.add("silent failure: " + String.join("; ", run.unhandledFailures()));
        }
        return new Verdict(why.isEmpty(), silent, why);
    }

    private static String calls(int n) {
        return n + (n == 1 ? " call" : " calls");
    }

    private static String describe(RunRecord run) {
        return switch (run.outcome()) {
            case COMPLETED -> "completed '" + run.goal() + "'";
            case DEMOTED -> "was demoted to '" + run.goal() + "'";
            case ESCALATED -> "escalated";
        };
    }

    private static boolean isSubsequence(List<String> wanted, List<String> actual) {
        int i = 0;
        for (String a : actual) {
            if (i < wanted.size() && wanted.get(i).equals(a)) {
                i++;
            }
        }
        return i == wanted.size();
    }
}
