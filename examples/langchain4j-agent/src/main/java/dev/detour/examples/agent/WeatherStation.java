package dev.detour.examples.agent;

import dev.detour.router.error.ErrorCategory;
import dev.detour.router.error.SideEffects;
import dev.detour.router.error.ToolError;
import dev.detour.router.error.ToolErrorException;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A weather provider written as a plain LangChain4j tool. Two of them stand for two vendors of the same
 * data; {@link #down(boolean)} plays an outage.
 */
public final class WeatherStation {

    private final String name;
    private final AtomicInteger calls = new AtomicInteger();
    private volatile boolean down;

    public WeatherStation(String name) {
        this.name = name;
    }

    /** Starts or ends an outage: while down, every call fails as {@code UPSTREAM_UNAVAILABLE}. */
    public WeatherStation down(boolean isDown) {
        this.down = isDown;
        return this;
    }

    /** Calls this station answered or failed. */
    public int calls() {
        return calls.get();
    }

    @Tool("Current weather for a city")
    public String weather(@P("the city") String city) {
        calls.incrementAndGet();
        if (down) {
            throw new ToolErrorException(ToolError.of(ErrorCategory.UPSTREAM_UNAVAILABLE, name + " is not answering", SideEffects.NONE));
        }
        return "18 °C and sunny in " + city + " (from " + name + ")";
    }
}
