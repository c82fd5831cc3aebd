package dev.detour.server.soak;

import dev.detour.router.event.RouteEvent;
import dev.detour.router.event.StepFailed;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Invariant 3 on the sidecar's route journal: every {@link StepFailed} is followed by exactly one
 * event that {@linkplain RouteEvent#resolves() resolves} it (Rerouted, Demoted or Escalated) in the
 * same trace.
 *
 * <p>The journal is bounded, so it is read after every call has been answered and only failures it
 * still holds are judged: a resolution is journalled after its failure, so a kept failure's
 * resolution is kept too. A resolution whose failure was dropped from the journal's front is skipped.
 * Metrics counters could not do this: they count reroutes, demotions and escalations, not which
 * failure each one resolves.
 *
 * @param failures  StepFailed events judged
 * @param resolved  of those, the ones resolved exactly once
 * @param problems  what broke, one line each (at most {@value #KEPT_PROBLEMS})
 * @param problemCount every problem found
 * @param causes    StepFailed events by error category and message (digits blanked, so ports and ids fold together), most frequent first
 */
record JournalCheck(long failures, long resolved, List<String> problems, long problemCount, Map<String, Long> causes) {

    private static final int KEPT_PROBLEMS = 10;

    JournalCheck {
        problems = List.copyOf(problems);
        causes = Collections.unmodifiableMap(new LinkedHashMap<>(causes));
    }

    boolean passed() {
        return problemCount == 0;
    }

    /** Judges {@code events}, oldest first. */
    static JournalCheck of(List<RouteEvent> events) {
        Map<String, int[]> pendingByStep = new HashMap<>(); // trace + step -> failures not yet resolved
        List<String> problems = new ArrayList<>();
        long failures = 0;
        long resolved = 0;
        long problemCount = 0;
        Map<String, Long> causes = new HashMap<>();
        for (RouteEvent event : events) {
            if (event instanceof StepFailed failed) {
                failures++;
                causes.merge(failed.error().category() + " " + String.valueOf(failed.error().message()).replaceAll("[0-9]+", "#"), 1L, Long::sum);
                pendingByStep.computeIfAbsent(key(failed.traceId(), failed.step()), k -> new int[1])[0]++;
            } else if (event.resolves() != null) {
                int[] pending = pendingByStep.get(key(event.traceId(), event.resolves()));
                if (pending == null) {
                    continue; // its failure fell off the journal's front
                }
                if (pending[0] == 0) {
                    problemCount++;
                    keep(problems, "trace " + event.traceId() + ": step " + event.resolves() + " resolved twice, again by " + event);
                } else {
                    pending[0]--;
                    resolved++;
                }
            }
        }
        for (Map.Entry<String, int[]> open : pendingByStep.entrySet()) {
            if (open.getValue()[0] > 0) {
                problemCount += open.getValue()[0];
                keep(problems, open.getKey().replace('\0', ' ') + ": failed and never rerouted, demoted or escalated");
            }
        }
        Map<String, Long> byFrequency = new LinkedHashMap<>();
        causes.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> byFrequency.put(e.getKey(), e.getValue()));
        return new JournalCheck(failures, resolved, problems, problemCount, byFrequency);
    }

    private static String key(String traceId, String step) {
        return traceId + '\0' + step;
    }

    private static void keep(List<String> problems, String problem) {
        if (problems.size() < KEPT_PROBLEMS) {
            problems.add(problem);
        }
    }
}
