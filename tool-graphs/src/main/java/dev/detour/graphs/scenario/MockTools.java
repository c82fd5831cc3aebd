package dev.detour.graphs.scenario;

import dev.detour.router.error.ErrorCategory;
import dev.detour.router.error.SideEffects;
import dev.detour.router.error.ToolError;
import dev.detour.router.graph.JsonPointer;
import dev.detour.router.graph.Step;
import dev.detour.router.graph.ToolGraph;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Deterministic mock tools for one scenario run, shared by every strategy so they all face the
 * same tools. A healthy tool answers after {@link #DEFAULT_LATENCY} with a result that has every
 * field the graph's templates read from its output (so later steps can render their arguments);
 * the fault script makes tools fail as it says. Calls are counted per tool over the whole run.
 * Time passes on the {@link SimulatedClock} only. Thread-safe.
 */
public final class MockTools {

    /** 50 ms: the simulated latency of a healthy tool call. */
    public static final Duration DEFAULT_LATENCY = Duration.ofMillis(50);

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}/]+)((?:/[^}]*)?)}");

    private final List<Fault> faults;
    private final SimulatedClock clock;
    private final Map<String, Set<String>> pointersByOutput;
    private final Map<String, Integer> callsByTool = new LinkedHashMap<>();
    private int calls;

    public MockTools(ToolGraph graph, List<Fault> faults, SimulatedClock clock) {
        this.faults = List.copyOf(faults);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.pointersByOutput = pointers(graph);
    }

    /**
     * Performs a call of {@code tool} for {@code step}.
     *
     * @param timeout the caller's window: a slower answer becomes a TIMEOUT after exactly this long
     */
    public synchronized Response call(Step step, Duration timeout) {
        String tool = step.tool();
        int n = callsByTool.merge(tool, 1, Integer::sum);
        calls++;
        Fault fault = faults.stream().filter(f -> f.tool().equals(tool) && f.affects(n)).findFirst().orElse(null);
        if (fault == null) {
            clock.advance(DEFAULT_LATENCY);
            return new Response.Answer(wellFormed(step), false);
        }
        return switch (fault.kind()) {
            case ERROR -> {
                clock.advance(DEFAULT_LATENCY);
                yield new Response.Error(ToolError.of(fault.category(), tool + " failed: " + fault.category(), fault.sideEffects()).withTool(tool));
            }
            case TIMEOUT -> {
                Duration limit = fault.latency() != null ? fault.latency() : Fault.DEFAULT_PROVIDER_TIMEOUT;
                clock.advance(min(limit, timeout));
                yield new Response.Error(timeoutError(tool, "the provider timed out"));
            }
            case HANG -> {
                clock.advance(timeout);
                yield new Response.Error(timeoutError(tool, "no answer within the " + timeout.toMillis() + " ms window"));
            }
            case MALFORMED -> {
                clock.advance(DEFAULT_LATENCY);
                yield new Response.Answer(Map.of("source", tool, "raw", "<html><body>Service temporarily unavailable</body></html>"), true);
            }
            case LATENCY -> {
                if (fault.latency().compareTo(timeout) > 0) {
                    clock.advance(timeout);
                    yield new Response.Error(timeoutError(tool, "no answer within the " + timeout.toMillis() + " ms window"));
                }
                clock.advance(fault.latency());
                yield new Response.Answer(wellFormed(step), false);
            }
        };
    }

    /** Calls so far, all tools. */
    public synchronized int calls() {
        return calls;
    }

    /** The simulated clock the tools advance. */
    public SimulatedClock clock() {
        return clock;
    }

    private static ToolError timeoutError(String tool, String why) {
        return ToolError.of(ErrorCategory.TIMEOUT, tool + ": " + why, SideEffects.UNKNOWN).withTool(tool);
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

    /** What a mock tool did. */
    public sealed interface Response {

        /**
         * The tool answered.
         *
         * @param payload   the result
         * @param malformed true when the payload is not what the tool promises (only a validating
         *                  caller notices)
         */
        record Answer(Object payload, boolean malformed) implements Response {
        }

        /** The tool failed (the failure reached the caller as an error). */
        record Error(ToolError error) implements Response {
        }
    }
}
