package dev.detour.router.testing;

import dev.detour.router.error.ErrorCategory;
import dev.detour.router.error.SideEffects;
import dev.detour.router.error.ToolError;
import dev.detour.router.exec.ToolCall;
import dev.detour.router.exec.ToolOutcome;
import dev.detour.router.spi.ToolInvoker;
import dev.detour.router.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A deterministic in-memory invoker that completes synchronously. Every tool succeeds with
 * {@code {"tool": name, "args": arguments}} unless scripted otherwise; it records every call.
 */
public final class ScriptedToolInvoker implements ToolInvoker {

    private final Map<String, Function<ToolCall, ToolOutcome>> scripts = new ConcurrentHashMap<>();
    private final List<ToolCall> calls = java.util.Collections.synchronizedList(new ArrayList<>());
    private final ManualClock ticker;
    private final Map<String, Duration> latencies = new ConcurrentHashMap<>();

    public ScriptedToolInvoker() {
        this(null);
    }

    /** An invoker that advances {@code ticker} by each tool's scripted latency. */
    public ScriptedToolInvoker(ManualClock ticker) {
        this.ticker = ticker;
    }

    /** The tool fails with {@code category} (no side effects) on every call. */
    public ScriptedToolInvoker failing(String tool, ErrorCategory category) {
        return failing(tool, ToolError.of(category, tool + " is failing", SideEffects.NONE));
    }

    /** The tool fails with {@code error} on every call. */
    public ScriptedToolInvoker failing(String tool, ToolError error) {
        scripts.put(tool, call -> ToolOutcome.failure(error));
        return this;
    }

    /** All of these tools fail as UPSTREAM_UNAVAILABLE. */
    public ScriptedToolInvoker failingAll(Set<String> tools) {
        tools.forEach(t -> failing(t, ErrorCategory.UPSTREAM_UNAVAILABLE));
        return this;
    }

    /** The tool hangs: each call uses up its whole window on the fake ticker, then fails as TIMEOUT. */
    public ScriptedToolInvoker hanging(String tool) {
        latencies.put(tool, Duration.ZERO); // the window is the whole latency
        scripts.put(tool, call -> {
            ticker.advance(call.timeout());
            return ToolOutcome.failure(ToolError.of(ErrorCategory.TIMEOUT, tool + " did not answer in " + call.timeout().toMillis() + " ms",
                    SideEffects.NONE));
        });
        return this;
    }

    /** The tool answers with {@code result}. */
    public ScriptedToolInvoker answering(String tool, Object result) {
        scripts.put(tool, call -> ToolOutcome.success(result));
        return this;
    }

    /** The tool behaves as {@code script} says. */
    public ScriptedToolInvoker scripted(String tool, Function<ToolCall, ToolOutcome> script) {
        scripts.put(tool, script);
        return this;
    }

    /** Each call of the tool advances the fake ticker by {@code latency}. */
    public ScriptedToolInvoker taking(String tool, Duration latency) {
        latencies.put(tool, latency);
        return this;
    }

    /** The tool recovers: it succeeds again. */
    public ScriptedToolInvoker healed(String tool) {
        scripts.remove(tool);
        return this;
    }

    @Override
    public CompletionStage<ToolOutcome> invoke(ToolCall call) {
        calls.add(call);
        Duration latency = latencies.get(call.tool());
        if (ticker != null) {
            ticker.advance(latency == null ? Duration.ofMillis(1) : latency);
        }
        Function<ToolCall, ToolOutcome> script = scripts.get(call.tool());
        ToolOutcome outcome = script != null ? script.apply(call) : ToolOutcome.success(Map.of("tool", call.tool(), "args", call.arguments()));
        return CompletableFuture.completedFuture(outcome);
    }

    /** Every call so far, in order. */
    public List<ToolCall> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** The tools called so far, in order. */
    public List<String> calledTools() {
        return calls().stream().map(ToolCall::tool).toList();
    }

    /** How often {@code tool} was called. */
    public long callsTo(String tool) {
        return calls().stream().filter(c -> c.tool().equals(tool)).count();
    }
}
