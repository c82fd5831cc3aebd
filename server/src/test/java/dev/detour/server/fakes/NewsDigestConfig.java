package dev.detour.server.fakes;

import dev.detour.server.demo.DemoUpstreams;

/**
 * The detour.yaml the LLM tests share: the demo's news digest (a logical search over two providers
 * and a summariser) over {@link DemoUpstreams}, with monitors that never change health, so the dead
 * end the tests set up is the only outage. Tests append their own {@code llm:} or {@code cluster:}.
 */
public final class NewsDigestConfig {

    private NewsDigestConfig() {
    }

    /** Upstreams, tools and quiet monitors; ends with a newline. */
    public static String of(DemoUpstreams upstreams) {
        return """
                upstreams:
                  search_a: {url: "%s"}
                  search_b: {url: "%s"}
                  summariser: {url: "%s"}
                logicalTools:
                  web_search:
                    description: Search the web.
                    providers:
                      - {upstream: search_a, tool: search, cost: 10}
                      - {upstream: search_b, tool: search, cost: 30}
                goalTools:
                  news_digest:
                    description: Search the news and digest it.
                    graph: classpath:demo/graphs/news-digest.yaml
                    bindings:
                      search.a: {upstream: search_a, tool: search}
                      search.b: {upstream: search_b, tool: search}
                      summarise: {upstream: summariser, tool: summarise}
                monitors:
                  breaker: {enabled: false}
                  outlier: {enabled: false}
                  latency: {enabled: false}
                  probes: {enabled: false}
                """.formatted(upstreams.url("search_a"), upstreams.url("search_b"), upstreams.url("summariser"));
    }
}
