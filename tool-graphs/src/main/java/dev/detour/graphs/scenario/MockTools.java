package dev.detour.graphs.scenario;

import dev.detour.router.error.ErrorCategory;
import dev.detour.router.error.SideEffects;
import dev.detour.router.error.ToolError;
import dev.detour.router.graph.JsonPointer;
import dev.detour.router.graph.Step;
import dev.detour.router.graph.ToolGraph;
import dev.detour.router.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Deterministic mock tools for one scenario run, shared by every strategy so they all face the
 * same tools. A healthy tool answers after {@link #DEFAULT_LATENCY} with a result that has every
 * field the graph's templates read from its output (so later steps can render their arguments);
 * the fault script makes tools fail as it says. Calls are counted per tool over the whole run.
 *
 * <p>A call says what happens and how long it takes ({@link Response#latency()}); letting that time
 * pass is the caller's business (a {@link ManualClock} for calls that overlap, the clock
 * itself for a strategy that calls one tool at a time). The tools enforce the caller's window
 * themselves: a slower answer becomes a TIMEOUT at exactly the window.
 *
 * <p>Every call is kept in the {@linkplain #log() call log} — which step called, which fault was
 * injected, what the caller got — the mocks' own account that a run's reported failures and
 * effects are checked against. Thread-safe.
 */
public final class MockTools {

    /** 50 ms: the simulated latency of a healthy tool call. */
    public static final Duration DEFAULT_LATENCY = Duration.ofMillis(50);

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}/]+)((?:/[^}]*)?)}");

    private final List<Fault> faults;
    private final Map<String, Set<String>> pointersByOutput;
    private final Map<String, Integer> callsByTool = new LinkedHashMap<>();
    private final List<Call> log = new ArrayList<>();

    public MockTools(ToolGraph graph, List<Fault> faults) {
        this.faults = List.copyOf(faults);
        this.pointersByOutput = pointers(graph);
    }

    /**
     * Performs a call of {@code step}'s tool and logs it.
     *
     * @param window the caller's window: a slower answer becomes a TIMEOUT after exactly this long
     */
    public synchronized Response call(Step step, Duration window) {
        String tool = step.invokedTool();
        int n = callsByTool.merge(tool, 1, Integer::sum);
        Fault fault = faults.stream().filter(f -> f.tool().equals(tool) && f.affects(n)).findFirst().orElse(null);
        Response response = fault == null ? new Response.Answer(wellFormed(step), false, DEFAULT_LATENCY) : respond(step, fault, window);
        log.add(new Call(step, n, fault, response));
        return response;
    }

    private Response respond(Step step, Fault fault, Duration window) {
        String tool = step.invokedTool();
        return switch (fault.kind()) {
            case ERROR -> new Response.Error(ToolError.of(fault.category(), tool + " failed: " + fault.category(), fault.sideEffects()).withTool(tool),
                    DEFAULT_LATENCY);
            case TIMEOUT -> {
                Duration limit = fault.latency() != null ? fault.latency() : Fault.DEFAULT_PROVIDER_TIMEOUT;
                yield new Response.Error(timeoutError(tool, "the provider timed out", fault), min(limit, window));
            }
            case HANG -> new Response.Error(timeoutError(tool, "no answer within the " + window.toMillis() + " ms window", fault), window);
            case MALFORMED -> new Response.Answer(Map.of("source", tool, "raw", "<html><body>Service temporarily unavailable</body></html>"), true,
                    DEFAULT_LATENCY);
            case LATENCY -> Objects.requireNonNull(fault.latency(), "a LATENCY fault has a latency").compareTo(window) > 0
                    ? new Response.Error(timeoutError(tool, "no answer within the " + window.toMillis() + " ms window", fault), window)
                    : new Response.Answer(wellFormed(step), false, fault.latency());
        };
    }

    /** Calls so far, all tools. */
    public synchronized int calls() {
        return log.size();
    }

    /** Calls so far per tool, in the order the tools were first called. */
    public synchronized Map<String, Integer> callsByTool() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(callsByTool));
    }

    /** Every call so far, in call order. */
    public synchronized List<Call> log() {
        return List.copyOf(log);
    }

    /**
     * Effects done more than once, one sentence each: an output produced by more than one call of a
     * step that is neither read-only nor idempotent, counting every call that may have acted (it
     * answered, or failed with {@code sideEffects} other than NONE). Empty when every effect
     * happened at most once.
     */
    public synchronized List<String> repeatedEffects() {
        Map<String, List<Call>> byOutput = new LinkedHashMap<>();
        for (Call c : log) {
            if (!c.step().annotations().safeToRepeat() && c.mayHaveActed()) {
                byOutput.computeIfAbsent(c.step().output(), k -> new ArrayList<>()).add(c);
            }
        }
        List<String> repeated = new ArrayList<>();
        byOutput.forEach((output, calls) -> {
            if (calls.size() > 1) {
                repeated.add("effect repeated: output '" + output + "' was produced " + calls.size()
                        + " times by steps that are neither read-only nor idempotent ("
                        + String.join("; ", calls.stream().map(Call::describe).toList()) + ")");
            }
        });
        return repeated;
    }

    private static ToolError timeoutError(String tool, String why, Fault fault) {
        return ToolError.of(ErrorCategory.TIMEOUT, tool + ": " + why, fault.sideEffects()).withTool(tool);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** A result with a value at every pointer the graph's templates read from this step's output. */
    private Map<String, Object> wellFormed(Step step) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("source", step.tool());
        result.put("step", step.id());
        for (String pointer : pointersByOutput.getOrDefault(step.output(), Set.of())) {
            put(result, JsonPointer.parse(pointer).tokens(), step.tool() + ":" + pointer.substring(1));
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> root, List<String> tokens, Object value) {
        Map<String, Object> node = root;
        for (int i = 0; i < tokens.size() - 1; i++) {
            node = (Map<String, Object>) node.computeIfAbsent(tokens.get(i), k -> new LinkedHashMap<String, Object>());
        }
        node.put(tokens.getLast(), value);
    }

    private static Map<String, Set<String>> pointers(ToolGraph graph) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (Step s : graph.steps().values()) {
            collect(s.arguments().raw(), out);
        }
        return out;
    }

    private static void collect(Object value, Map<String, Set<String>> out) {
        switch (value) {
            case String s -> {
                Matcher m = REFERENCE.matcher(s);
                while (m.find()) {
                    if (!m.group(2).isEmpty()) {
                        out.computeIfAbsent(m.group(1), k -> new LinkedHashSet<>()).add(m.group(2));
                    }
                }
            }
            case Map<?, ?> m -> m.values().forEach(v -> collect(v, out));
            case List<?> l -> l.forEach(v -> collect(v, out));
            case null, default -> { }
        }
    }

    /** What a mock tool did, and how long it took. */
    public sealed interface Response {

        /** The simulated time from the call to this response. */
        Duration latency();

        /**
         * The tool answered.
         *
         * @param payload   the result
         * @param malformed true when the payload is not what the tool promises (only a validating
         *                  caller notices)
         * @param latency   the time the answer took
         */
        record Answer(Object payload, boolean malformed, Duration latency) implements Response {
        }

        /**
         * The tool failed (the failure reached the caller as an error).
         *
         * @param error   the SERF error
         * @param latency the time until the failure reached the caller
         */
        record Error(ToolError error, Duration latency) implements Response {
        }
    }

    /**
     * One call in the log.
     *
     * @param step       the step that called
     * @param callOfTool which call of its tool this was, from 1
     * @param fault      the fault script line that applied, or {@code null}
     * @param response   what the caller got
     */
    public record Call(Step step, int callOfTool, @Nullable Fault fault, Response response) {

        /** True when a fault made this call fail for a caller that validates results: an error, or a malformed answer. */
        public boolean injectedFailure() {
            return fault != null && (response instanceof Response.Error || response instanceof Response.Answer a && a.malformed());
        }

        /** True when the call may have acted upstream: it answered, or it failed with {@code sideEffects} other than NONE. */
        public boolean mayHaveActed() {
            return !(response instanceof Response.Error e) || e.error().sideEffects() != SideEffects.NONE;
        }

        /** The call in a few words, e.g. {@code "charge_stripe (stripe.charge call 1, answered)"}. */
        public String describe() {
            String what = switch (response) {
                case Response.Answer a -> a.malformed() ? "answered malformed" : "answered";
                case Response.Error e -> "failed " + e.error().category() + ", side effects " + e.error().sideEffects();
            };
            return step.id() + " (" + step.tool() + " call " + callOfTool + ", " + what + ")";
        }
    }
}
