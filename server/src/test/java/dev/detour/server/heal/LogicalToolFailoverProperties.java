package dev.detour.server.heal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.RouterConfig;
import dev.detour.router.error.ErrorCategory;
import dev.detour.router.error.SideEffects;
import dev.detour.router.error.ToolError;
import dev.detour.router.testing.ScriptedToolInvoker;
import dev.detour.server.config.LogicalToolConfig;
import dev.detour.server.config.ProviderBinding;
import dev.detour.server.config.ToolHints;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Failover invariants of a logical tool over random providers (costs with ties) and random failures,
 * with a scripted invoker that answers synchronously, so every run is deterministic.
 */
class LogicalToolFailoverProperties {

    record Provider(int cost, boolean fails) {
    }

    @Provide
    Arbitrary<Provider> provider() {
        return Combinators.combine(Arbitraries.integers().between(0, 4), Arbitraries.of(true, false)).as(Provider::new);
    }

    @Property(tries = 200)
    void aSafeToolTriesProvidersCheapestFirstEachOnceAndAnswersFromTheFirstThatWorks(
            @ForAll @Size(min = 1, max = 6) List<@net.jqwik.api.From("provider") Provider> providers) {
        ScriptedToolInvoker invoker = script(providers, ToolError.of(ErrorCategory.TRANSIENT, "down", SideEffects.UNKNOWN));
        LogicalTool tool = tool(providers, new ToolHints(null, true, null, null, null), invoker);

        Map<String, Object> result = tool.call(Map.of("q", "x"), Duration.ofSeconds(30)).toCompletableFuture().join();

        assertCheapestWorkingServes(providers, invoker, result);
    }

    /** Providers were tried cheapest first, each at most once, up to and including the first that works. */
    private static void assertCheapestWorkingServes(List<Provider> providers, ScriptedToolInvoker invoker, Map<String, Object> result) {
        List<String> order = cheapestFirst(providers);
        int firstWorking = IntStream.range(0, order.size()).filter(i -> !providers.get(index(order.get(i))).fails()).findFirst().orElse(-1);
        if (firstWorking < 0) {
            assertThat(result).containsEntry("isError", true);
            assertThat(invoker.calledTools()).containsExactlyElementsOf(order);
        } else {
            assertThat(result).containsEntry("served", order.get(firstWorking));
            assertThat(invoker.calledTools()).containsExactlyElementsOf(order.subList(0, firstWorking + 1));
        }
    }

    @Property(tries = 200)
    void aToolThatIsNotSafeToRepeatIsSentOnceWhenItsFailureMayHaveActed(
            @ForAll @Size(min = 1, max = 6) List<@net.jqwik.api.From("provider") Provider> providers) {
        ScriptedToolInvoker invoker = script(providers, ToolError.of(ErrorCategory.INTERNAL, "crashed", SideEffects.POSSIBLE));
        LogicalTool tool = tool(providers, new ToolHints(null, false, null, false, null), invoker);

        Map<String, Object> result = tool.call(Map.of("q", "x"), Duration.ofSeconds(30)).toCompletableFuture().join();

        String cheapest = cheapestFirst(providers).get(0);
        assertThat(invoker.calledTools()).containsExactly(cheapest);
        if (providers.get(index(cheapest)).fails()) {
            assertThat(result).containsEntry("isError", true);
            assertThat(LogicalToolHealingTest.serf(result)).containsEntry("sideEffects", "POSSIBLE");
        } else {
            assertThat(result).containsEntry("served", cheapest);
        }
    }

    @Property(tries = 200)
    void aToolThatIsNotSafeToRepeatStillFailsOverWhenNoRequestTookEffect(
            @ForAll @Size(min = 1, max = 6) List<@net.jqwik.api.From("provider") Provider> providers) {
        ScriptedToolInvoker invoker = script(providers, ToolError.of(ErrorCategory.UPSTREAM_UNAVAILABLE, "refused", SideEffects.NONE));
        LogicalTool tool = tool(providers, new ToolHints(null, false, null, false, null), invoker);

        Map<String, Object> result = tool.call(Map.of("q", "x"), Duration.ofSeconds(30)).toCompletableFuture().join();

        assertCheapestWorkingServes(providers, invoker, result);
    }

    private static ScriptedToolInvoker script(List<Provider> providers, ToolError failure) {
        ScriptedToolInvoker invoker = new ScriptedToolInvoker();
        for (int i = 0; i < providers.size(); i++) {
            String id = id(i);
            if (providers.get(i).fails()) {
                invoker.failing(id, failure);
            } else {
                invoker.answering(id, Map.of("content", List.of(), "served", id));
            }
        }
        return invoker;
    }

    private static LogicalTool tool(List<Provider> providers, ToolHints hints, ScriptedToolInvoker invoker) {
        List<LogicalToolConfig.Provider> configured = new ArrayList<>();
        for (int i = 0; i < providers.size(); i++) {
            configured.add(new LogicalToolConfig.Provider(ProviderBinding.forward("u" + i, "t"), providers.get(i).cost()));
        }
        LogicalToolConfig config = new LogicalToolConfig("tool", "A tool.", null, hints, configured);
        return LogicalTool.create(config, invoker, SharedRouting.builder().build(), RouterConfig.ofDefaults());
    }

    /** Provider ids by ascending cost, ties in declaration order. */
    private static List<String> cheapestFirst(List<Provider> providers) {
        return IntStream.range(0, providers.size()).boxed()
                .sorted(Comparator.<Integer>comparingInt(i -> providers.get(i).cost()).thenComparingInt(i -> i))
                .map(LogicalToolFailoverProperties::id).toList();
    }

    private static String id(int i) {
        return "t@u" + i;
    }

    private static int index(String id) {
        return Integer.parseInt(id.substring("t@u".length()));
    }
}
