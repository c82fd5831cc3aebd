package dev.detour.server.demo;

import dev.detour.router.error.ErrorCategory;
import dev.detour.router.error.SideEffects;
import dev.detour.router.error.ToolError;
import dev.detour.router.exec.ToolCall;
import dev.detour.router.exec.ToolOutcome;
import dev.detour.router.spi.ToolInvoker;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo's in-process tools: deterministic answers, and outages injected by name. Each answer
 * is a small JSON-like map so later steps can template on it.
 */
public final class DemoTools implements ToolInvoker {

    private final Set<String> down = ConcurrentHashMap.newKeySet();
    private final AtomicLong calls = new AtomicLong();

    /** Takes a tool down: its calls fail as UPSTREAM_UNAVAILABLE (never dispatched, so safe to reroute). */
    public void fail(String tool) {
        down.add(tool);
    }

    /** Brings every tool back. */
    public void healAll() {
        down.clear();
    }

    /** Tool calls served so far. */
    public long calls() {
        return calls.get();
    }

    @Override
    public CompletionStage<ToolOutcome> invoke(ToolCall call) {
        calls.incrementAndGet();
        if (down.contains(call.tool())) {
            return CompletableFuture.completedFuture(ToolOutcome.failure(
                    ToolError.of(ErrorCategory.UPSTREAM_UNAVAILABLE, call.tool() + " refused the connection", SideEffects.NONE)));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("by", call.tool());
        String kind = call.tool().substring(0, call.tool().indexOf('@'));
        switch (kind) {
            case "search" -> result.put("hits", java.util.List.of("https://modelcontextprotocol.io/specification", "https://arxiv.org/abs/2603.01548"));
            case "summarize" -> result.put("text", "Routing, not reasoning: most agent failures need a detour, not a model call.");
            case "notify" -> result.put("sent", true);
            case "price" -> result.put("eur", 100 + Math.abs(call.tool().hashCode() % 50));
            case "compare" -> result.put("best", call.arguments());
            default -> result.put("ok", true);
        }
        return CompletableFuture.completedFuture(ToolOutcome.success(result));
    }
}
