package dev.detour.langchain4j;

import dev.detour.router.escalate.CachingEscalationPolicy;
import dev.detour.router.escalate.EscalationDecision;
import dev.detour.router.escalate.EscalationRequest;
import dev.detour.router.spi.EscalationPolicy;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * An {@link EscalationPolicy} that asks a LangChain4j {@link ChatModel} whether to demote the goal
 * or escalate, when the router has no path and no demotion ladder step left.
 *
 * <p>The model must answer with one line, {@code DEMOTE <goal>} or {@code ESCALATE <reason>}. Any
 * other answer, a goal outside the reachable ones, or a failed call becomes an escalation: the
 * model may only choose among what the router already knows is feasible. The call is blocking, so
 * it runs on the given executor (virtual threads by default), never on the caller's thread.
 *
 * <p>Wrap it with {@link #cached(ChatModel)} so one outage costs one LLM call.
 */
public final class LlmEscalationPolicy implements EscalationPolicy {

    static final String SYSTEM_PROMPT = """
            You decide for a tool router what to do when a goal can no longer be reached because tools failed.
            You may demote the request to one of the listed reachable goals, or escalate it to a human.
            Answer with exactly one line: either "DEMOTE <goal>" using a goal from the list, or "ESCALATE <short reason>".""";

    private final ChatModel model;
    private final Executor executor;
    private final AtomicLong calls = new AtomicLong();

    /** A policy whose model calls run on virtual threads. */
    public LlmEscalationPolicy(ChatModel model) {
        this(model, Executors.newVirtualThreadPerTaskExecutor());
    }

    public LlmEscalationPolicy(ChatModel model, Executor executor) {
        this.model = Objects.requireNonNull(model, "model");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /** The policy behind a cache keyed by goal and health signature. */
    public static CachingEscalationPolicy cached(ChatModel model) {
        return new CachingEscalationPolicy(new LlmEscalationPolicy(model));
    }

    @Override
    public CompletionStage<EscalationDecision> decide(EscalationRequest request) {
        return CompletableFuture.supplyAsync(() -> {
            calls.incrementAndGet();
            String answer = model.chat(SystemMessage.from(SYSTEM_PROMPT), UserMessage.from(prompt(request))).aiMessage().text();
            return parse(answer, request);
        }, executor);
    }

    /** Model calls made so far (the "LLM calls" figure of the paper). */
    public long calls() {
        return calls.get();
    }

    static String prompt(EscalationRequest request) {
        String unhealthy = request.unhealthyTools().entrySet().stream()
                .map(e -> e.getKey() + " is " + e.getValue() + (e.getValue().reason().isEmpty() ? "" : " (" + e.getValue().reason() + ")"))
                .sorted()
                .collect(Collectors.joining("; "));
        return "Graph: " + request.graph() + "\n"
                + "Goal that cannot be reached: " + request.goal() + "\n"
                + "Reachable goals: " + String.join(", ", request.reachableGoals()) + "\n"
                + "Unhealthy tools: " + (unhealthy.isEmpty() ? "none" : unhealthy) + "\n"
                + "Last failure: " + (request.lastError() == null ? "none" : request.lastError().category() + " - " + request.lastError().message());
    }

    static EscalationDecision parse(String answer, EscalationRequest request) {
        String line = answer == null ? "" : answer.strip().lines().findFirst().orElse("").strip();
        if (line.regionMatches(true, 0, "DEMOTE ", 0, 7)) {
            String goal = line.substring(7).strip();
            if (request.reachableGoals().contains(goal)) {
                return new EscalationDecision.DemoteTo(goal, "chosen by the model");
            }
            return new EscalationDecision.Escalate("the model chose '" + goal + "', which is not one of " + request.reachableGoals());
        }
        if (line.regionMatches(true, 0, "ESCALATE", 0, 8)) {
            String reason = line.substring(8).strip();
            return new EscalationDecision.Escalate(reason.isEmpty() ? "the model escalated" : reason);
        }
        return new EscalationDecision.Escalate("the model's answer was not DEMOTE or ESCALATE: " + line);
    }
}
