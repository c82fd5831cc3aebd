package dev.detour.router.error;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An effect a request already had, or may have had: a step whose tool is neither read-only nor
 * idempotent that succeeded, or failed after its request left Detour. Listed in the SERF error of a
 * request that could not finish without repeating it, so the agent or a human can reconcile.
 *
 * @param step    the graph step
 * @param tool    the tool it called
 * @param output  the output name the step produces (no other step producing it runs in that request)
 * @param traceId the request's trace id
 * @param status  whether the effect is known to have happened
 */
public record AppliedEffect(String step, String tool, String output, String traceId, Status status) {

    public AppliedEffect {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(status, "status");
    }

    /** Whether the effect happened. */
    public enum Status {
        /** The call succeeded: the effect happened. */
        APPLIED,
        /** The call failed after it reached the tool: the effect may have happened. */
        POSSIBLE,
        /** The call failed and nothing says whether it reached the tool. */
        UNKNOWN
    }

    /** The wire form: camelCase keys, the status as its name. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", step);
        m.put("tool", tool);
        m.put("output", output);
        if (traceId != null) {
            m.put("traceId", traceId);
        }
        m.put("status", status.name());
        return m;
    }
}
