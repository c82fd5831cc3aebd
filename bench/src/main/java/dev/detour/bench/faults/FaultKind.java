package dev.detour.bench.faults;

import dev.detour.bench.load.fixture.FaultMode;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The faults the fault harness injects into the cheapest provider (or, for {@link #ALL_FAILING}, into every one). */
public enum FaultKind {
    /** SIGKILL of the cheapest provider's process; healed by starting it again on the same port. */
    HARD_KILL("hard-kill", "hard kill (SIGKILL, restarted on the same port)", true),
    /** The cheapest provider reads every request and answers none (probes included). */
    HANG("hang", "hang (requests read, never answered)", true),
    /** The cheapest provider answers everything ten times slower than its nominal latency. */
    SLOW("slow", "10× slow", true),
    /** The cheapest provider answers every {@code tools/call} with an {@code isError} result. */
    ERROR_BURST("error-burst", "error burst (isError results)", true),
    /** The cheapest provider alternates between HTTP 503 and healthy, a half period each. */
    FLAPPING("flapping", "flapping (HTTP 503 / healthy)", true),
    /** Every provider answers every {@code tools/call} with an {@code isError} result: no alternative. */
    ALL_FAILING("all-failing", "every provider errors (no alternative)", false);

    private final String id;
    private final String label;
    private final boolean alternativeExists;

    FaultKind(String id, String label, boolean alternativeExists) {
        this.id = id;
        this.label = label;
        this.alternativeExists = alternativeExists;
    }

    /** The name on the command line ({@code --faults hard-kill,hang}). */
    public String id() {
        return id;
    }

    /** How the report names it. */
    public String label() {
        return label;
    }

    /** Whether a healthy provider is left while the fault lasts (then no call should fail). */
    public boolean alternativeExists() {
        return alternativeExists;
    }

    /** The fixture mode that realises the fault (the hard kill has none: the process dies). */
    FaultMode mode() {
        return switch (this) {
            case HANG -> FaultMode.HANG;
            case SLOW -> FaultMode.SLOW;
            case ERROR_BURST, ALL_FAILING -> FaultMode.ERROR;
            case FLAPPING -> FaultMode.DOWN;
            case HARD_KILL -> FaultMode.HEALTHY;
        };
    }

    /** The kinds named in {@code ids} ({@code all}: every kind). @throws IllegalArgumentException for an unknown name */
    public static List<FaultKind> parse(String ids) {
        if ("all".equals(ids)) {
            return List.of(values());
        }
        return Arrays.stream(ids.split(",")).map(id -> Arrays.stream(values()).filter(k -> k.id.equals(id.trim().toLowerCase(Locale.ROOT)))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("unknown fault '" + id + "'; the faults are "
                        + Arrays.stream(values()).map(FaultKind::id).toList()))).toList();
    }
}
