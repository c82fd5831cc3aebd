package dev.detour.langchain4j.tools;

import dev.detour.router.error.ErrorCategory;
import dev.detour.router.error.SideEffects;
import dev.detour.router.error.ToolError;
import dev.detour.router.error.ToolErrorException;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import java.util.concurrent.atomic.AtomicInteger;

/** A weather provider as plain Java: answers, or is down on cue. */
public final class Weather {

    private final String name;
    private final AtomicInteger calls = new AtomicInteger();
    private volatile boolean down;

    Weather(String name) {
        this.name = name;
    }

    Weather down(boolean isDown) {
        this.down = isDown;
        return this;
    }

    int calls() {
        return calls.get();
    }

    @Tool("Current weather for a city")
    public String weather(@P("the city") String city) {
        calls.incrementAndGet();
        if (down) {
            throw new ToolErrorException(ToolError.of(ErrorCategory.UPSTREAM_UNAVAILABLE, name + " is down", SideEffects.NONE));
        }
        return "sunny in " + city + " (" + name + ")";
    }
}
