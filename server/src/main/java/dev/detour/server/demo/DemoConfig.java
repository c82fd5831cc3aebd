package dev.detour.server.demo;

import dev.detour.graphs.loader.Source;
import dev.detour.server.config.ConfigLoader;
import dev.detour.server.config.DetourConfig;
import java.time.Duration;

/**
 * The {@code detour.yaml} the demo serves, bound to the running {@link DemoUpstreams}: two logical
 * tools ({@code web_search} over the two search providers, {@code geocode} over the two geocoders)
 * and four goal tools over the graphs bundled under {@code demo/graphs/} — {@code research}
 * (linear, with a demotion ladder), {@code trip_brief} (DAG), {@code city_snapshot} (fan-out) and
 * {@code news_digest} (linear, two goals and no ladder: at its dead end only the LLM may demote it) —
 * and the {@code llm} section those dead ends go to. Loaded with {@link ConfigLoader} like any config
 * file, so the demo exercises the same validation and wiring as {@code detour serve}.
 */
public final class DemoConfig {

    /** The name the demo config is reported under. */
    public static final String SOURCE_NAME = "detour-demo.yaml";

    private DemoConfig() {
    }

    /** The demo config with the upstream URLs of {@code upstreams}, and no LLM. */
    public static DetourConfig load(DemoUpstreams upstreams) {
        return ConfigLoader.load(Source.text(SOURCE_NAME, yaml(upstreams, "")));
    }

    /**
     * The demo config with the upstream URLs of {@code upstreams} and an {@code llm} section for an
     * OpenAI-compatible server at {@code baseUrl} serving {@code model}, asked for at most {@code timeout}.
     */
    public static DetourConfig load(DemoUpstreams upstreams, String baseUrl, String model, Duration timeout) {
        String llm = """
                # Dead ends with no ladder step left (news_digest's) go to this model; one outage, one call.
                llm:
                  provider: openai-compatible
                  baseUrl: "%s"
                  model: "%s"
                  timeout: %dms
                """.formatted(baseUrl, model, timeout.toMillis());
        return ConfigLoader.load(Source.text(SOURCE_NAME, yaml(upstreams, llm)));
    }

    private static String yaml(DemoUpstreams upstreams, String llm) {
        StringBuilder declared = new StringBuilder();
        DemoUpstreams.UPSTREAMS.forEach(u -> declared.append("  ").append(u.name()).append(": {url: \"")
                .append(upstreams.url(u.name())).append("\"}\n"));
        return """
                upstreams:
                %s
                logicalTools:
                  web_search:
                    description: Search the web.
                    inputSchema: {type: object, properties: {query: {type: string}}, required: [query]}
                    annotations: {title: Web search, readOnlyHint: true}
                    providers:
                      - {upstream: search_a, tool: search, cost: 10}
                      - {upstream: search_b, tool: search, cost: 30}
                  geocode:
                    description: Turn an address into coordinates.
                    inputSchema: {type: object, properties: {address: {type: string}}, required: [address]}
                    annotations: {readOnlyHint: true}
                    providers:
                      - {upstream: geo_a, tool: geocode, cost: 10}
                      - {upstream: geo_b, tool: geocode, cost: 25}

                goalTools:
                  research:
                    description: Search the web for a topic and summarise the hits (linear; demoted to the bare sources when no summary can be made).
                    graph: classpath:demo/graphs/research.yaml
                    inputSchema: {type: object, properties: {topic: {type: string}}, required: [topic]}
                    bindings:
                      search.a: {upstream: search_a, tool: search}
                      search.b: {upstream: search_b, tool: search}
                      summarise: {upstream: summariser, tool: summarise}
                  trip_brief:
                    description: Geocode a city and get its forecast while searching its news, then summarise (a DAG).
                    graph: classpath:demo/graphs/trip-brief.yaml
                    inputSchema: {type: object, properties: {city: {type: string}}, required: [city]}
                    bindings:
                      search.a: {upstream: search_a, tool: search}
                      search.b: {upstream: search_b, tool: search}
                      geocode.a: {upstream: geo_a, tool: geocode}
                      geocode.b: {upstream: geo_b, tool: geocode}
                      forecast: {upstream: weather, tool: forecast}
                      summarise: {upstream: summariser, tool: summarise}
                  city_snapshot:
                    description: Search, geocode and forecast a city at once (a fan-out).
                    graph: classpath:demo/graphs/city-snapshot.yaml
                    inputSchema: {type: object, properties: {city: {type: string}}, required: [city]}
                    bindings:
                      search.a: {upstream: search_a, tool: search}
                      search.b: {upstream: search_b, tool: search}
                      geocode.a: {upstream: geo_a, tool: geocode}
                      geocode.b: {upstream: geo_b, tool: geocode}
                      forecast: {upstream: weather, tool: forecast}
                  news_digest:
                    description: Search the news on a topic and write a digest of the hits (linear, no demotion ladder).
                    graph: classpath:demo/graphs/news-digest.yaml
                    inputSchema: {type: object, properties: {topic: {type: string}}, required: [topic]}
                    bindings:
                      search.a: {upstream: search_a, tool: search}
                      search.b: {upstream: search_b, tool: search}
                      summarise: {upstream: summariser, tool: summarise}

                # Tuned so an outage and a recovery show within a second: probes every 250 ms. The breaker
                # judges 20 calls at least, more than the tour makes, so the tour's outcome never depends
                # on when it trips; calls of your own will trip it.
                monitors:
                  breaker: {slidingWindowSize: 20, minimumNumberOfCalls: 20, waitInOpen: 1s}
                  probes: {interval: 250ms, timeout: 500ms, failureThreshold: 3, successThreshold: 1}

                budgets: {default: 10s}
                %s""".formatted(declared.toString().stripTrailing(), llm);
    }
}
