package dev.detour.langchain4j.internal;

import dev.detour.langchain4j.LlmCall;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;

/**
 * What a failed model call is called in an escalation. Built from the exception's type and HTTP status
 * only, never from its message: a provider's error body, a class name or a stack trace has no place in
 * what the agent is told, and a message could echo a header.
 */
public final class LlmFailures {

    private LlmFailures() {
    }

    /** The outcome and the "why" of a call that threw {@code failure}. */
    public static Why of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            switch (t) {
                case ContentFilteredException e -> {
                    return new Why(LlmCall.Outcome.REFUSED, "the model refused to decide");
                }
                case HttpException e -> {
                    return new Why(LlmCall.Outcome.HTTP_ERROR, "the provider answered HTTP " + e.statusCode() + meaning(e.statusCode()));
                }
                case HttpConnectTimeoutException e -> {
                    return new Why(LlmCall.Outcome.FAILED, "could not connect to the provider in time");
                }
                case HttpTimeoutException e -> {
                    return new Why(LlmCall.Outcome.TIMEOUT, "the provider did not answer in time");
                }
                case dev.langchain4j.exception.TimeoutException e -> {
                    return new Why(LlmCall.Outcome.TIMEOUT, "the provider did not answer in time");
                }
                case ConnectException e -> {
                    return new Why(LlmCall.Outcome.FAILED, "could not connect to the provider");
                }
                case UnknownHostException e -> {
                    return new Why(LlmCall.Outcome.FAILED, "the provider's host is unknown");
                }
                case UnresolvedAddressException e -> {
                    return new Why(LlmCall.Outcome.FAILED, "the provider's host is unknown");
                }
                case UnresolvedModelServerException e -> {
                    return new Why(LlmCall.Outcome.FAILED, "the provider's host is unknown");
                }
                default -> {
                }
            }
        }
        return new Why(LlmCall.Outcome.FAILED, "the call failed unexpectedly");
    }

    /** The "why" of a call the policy stopped waiting for. */
    public static Why timeout(Duration timeout) {
        return new Why(LlmCall.Outcome.TIMEOUT, "no answer within " + human(timeout));
    }

    private static String meaning(int status) {
        return switch (status) {
            case 401, 403 -> " (the API key was not accepted)";
            case 404 -> " (unknown model or endpoint)";
            case 429 -> " (rate limited)";
            default -> status >= 500 ? " (provider error)" : "";
        };
    }

    static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** An outcome with its explanation. */
    public record Why(LlmCall.Outcome outcome, String why) {
    }
}
