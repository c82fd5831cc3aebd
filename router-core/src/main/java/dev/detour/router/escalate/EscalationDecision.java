package dev.detour.router.escalate;

import java.util.Objects;

/** An {@code EscalationPolicy}'s answer. */
public sealed interface EscalationDecision {

    /** Continue towards a lesser goal, which must be one of the request's reachable goals. */
    record DemoteTo(String goal, String rationale) implements EscalationDecision {
        public DemoteTo {
            Objects.requireNonNull(goal, "goal");
        }
    }

    /** Stop and hand the request back with this reason. */
    record Escalate(String reason) implements EscalationDecision {
        public Escalate {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
