package dev.detour.router.spi;

import dev.detour.router.escalate.EscalationDecision;
import dev.detour.router.escalate.EscalationRequest;
import java.util.concurrent.CompletionStage;

/**
 * Decides what to do when no feasible path is left and the demotion ladder does not help: demote
 * to one of the reachable goals, or escalate. The router validates the answer (a demotion to a goal
 * outside {@link EscalationRequest#reachableGoals()} becomes an escalation) and calls the policy
 * only in that situation — never while a path exists.
 */
@FunctionalInterface
public interface EscalationPolicy {
    CompletionStage<EscalationDecision> decide(EscalationRequest request);
}
