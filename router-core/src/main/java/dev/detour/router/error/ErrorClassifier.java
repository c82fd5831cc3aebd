package dev.detour.router.error;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Maps what fails at a tool boundary — exceptions, HTTP statuses, JSON-RPC error objects and MCP
 * {@code isError} results — onto one {@link ToolError}.
 *
 * <p>The side-effect verdict is the part that matters most: a failure is {@link SideEffects#NONE}
 * only when the request provably never took effect (refused connection, unknown host, a 4xx
 * rejection, a 503 that says "not processed"); a timeout or a failure after dispatch is {@link
 * SideEffects#UNKNOWN}.
 */
public final class ErrorClassifier {

    private ErrorClassifier() {
    }

    /** Classifies an exception thrown or returned by an invoker. */
    public static ToolError fromThrowable(Throwable failure) {
        Throwable t = unwrap(failure);
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return switch (t) {
            case ToolErrorException e -> e.error();
            case ConnectException e -> ToolError.of(ErrorCategory.UPSTREAM_UNAVAILABLE, "connection refused: " + message, SideEffects.NONE);
            case HttpConnectTimeoutException e -> ToolError.of(ErrorCategory.UPSTREAM_UNAVAILABLE, "connect timed out: " + message, SideEffects.NONE);
            case UnknownHostException e -> ToolError.of(ErrorCategory.UPSTREAM_UNAVAILABLE, "unknown host: " + message, SideEffects.NONE);
            case NoRouteToHostException e -> ToolError.of(ErrorCategory.UPSTREAM_UNAVAILABLE, "no route to host: " + message, SideEffects.NONE);
            case PortUnreachableException e -> ToolError.of(ErrorCategory.UPSTREAM_UNAVAILABLE, "port unreachable: " + message, SideEffects.NONE);
            case RejectedExecutionException e -> ToolError.of(ErrorCategory.UPSTREAM_UNAVAILABLE, "rejected before dispatch: " + message, SideEffects.NONE);
            case TimeoutException e -> ToolError.of(ErrorCategory.TIMEOUT, "timed out: " + message, SideEffects.UNKNOWN);
            case SocketTimeoutException e -> ToolError.of(ErrorCategory.TIMEOUT, "timed out: " + message, SideEffects.UNKNOWN);
            case HttpTimeoutException e -> ToolError.of(ErrorCategory.TIMEOUT, "timed out: " + message, SideEffects.UNKNOWN);
            case IllegalArgumentException e -> ToolError.of(ErrorCategory.INVALID_ARGUMENTS, message, SideEffects.NONE);
            case SecurityException e -> ToolError.of(ErrorCategory.FORBIDDEN, message, SideEffects.NONE);
            case IOException e -> ToolError.of(ErrorCategory.TRANSIENT, "I/O failure: " + message, SideEffects.UNKNOWN);
            default -> ToolError.of(ErrorCategory.INTERNAL, t.getClass().getSimpleName() + ": " + message, SideEffects.UNKNOWN);
        };
    }

    private static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while ((current instanceof CompletionException || current instanceof ExecutionException) && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /**
     * Classifies an HTTP error status from a provider.
     *
     * @param status           the status code (≥ 400)
     * @param retryAfterHeader the {@code Retry-After} header value, or {@code null}
     * @param now              the current time, to turn an HTTP-date into a duration
     */
    public static ToolError fromHttpStatus(int status, String retryAfterHeader, Instant now) {
        ToolError error = switch (status) {
            case 400, 422 -> ToolError.of(ErrorCategory.INVALID_ARGUMENTS, "HTTP " + status + ": the provider rejected the arguments", SideEffects.NONE);
            case 401 -> ToolError.of(ErrorCategory.UNAUTHENTICATED, "HTTP 401: not authenticated", SideEffects.NONE);
            case 402 -> ToolError.of(ErrorCategory.QUOTA_EXCEEDED, "HTTP 402: quota or payment required", SideEffects.NONE);
            case 403 -> ToolError.of(ErrorCategory.FORBIDDEN, "HTTP 403: forbidden", SideEffects.NONE);
            case 404, 410 -> ToolError.of(ErrorCategory.NOT_FOUND, "HTTP " + status + ": not found", SideEffects.NONE);
            case 408 -> ToolError.of(ErrorCategory.TIMEOUT, "HTTP 408: the provider timed out waiting for the request", SideEffects.NONE);
            case 409, 412 -> ToolError.of(ErrorCategory.CONFLICT, "HTTP " + status + ": conflicts with the current state", SideEffects.NONE);
            case 413, 414, 415 -> ToolError.of(ErrorCategory.INVALID_ARGUMENTS, "HTTP " + status + ": request not acceptable", SideEffects.NONE);
            case 429 -> ToolError.of(ErrorCategory.RATE_LIMITED, "HTTP 429: rate limited", SideEffects.NONE);
            case 503 -> ToolError.of(ErrorCategory.UPSTREAM_UNAVAILABLE, "HTTP 503: service unavailable", SideEffects.NONE);
            case 502 -> ToolError.of(ErrorCategory.UPSTREAM_UNAVAILABLE, "HTTP 502: bad gateway", SideEffects.UNKNOWN);
            case 504 -> ToolError.of(ErrorCategory.TIMEOUT, "HTTP 504: gateway timeout", SideEffects.UNKNOWN);
            default -> status >= 500
                    ? ToolError.of(ErrorCategory.INTERNAL, "HTTP " + status + ": provider error", SideEffects.UNKNOWN)
                    : ToolError.of(ErrorCategory.INVALID_ARGUMENTS, "HTTP " + status + ": request rejected", SideEffects.NONE);
        };
        Duration retryAfter = parseRetryAfter(retryAfterHeader, now);
        return retryAfter == null ? error : error.withRetryAfter(retryAfter);
    }

    /** Parses a {@code Retry-After} value (delay seconds or an HTTP-date); null when absent or malformed. */
    public static @Nullable Duration parseRetryAfter(@Nullable String header, Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        try {
            long seconds = Long.parseLong(value);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(now, at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    /**
     * Classifies a JSON-RPC error object returned for a {@code tools/call}. A SERF object in {@code
     * data} (from a Detour further upstream) is taken as is.
     */
    public static ToolError fromJsonRpcError(int code, String message, Object data) {
        Optional<ToolError> serf = data instanceof Map<?, ?> map ? fromSerfMap(map) : Optional.empty();
        if (serf.isPresent()) {
            return serf.get();
        }
        String text = message == null ? "" : message;
        return switch (code) {
            case -32602 -> ToolError.of(ErrorCategory.INVALID_ARGUMENTS, "invalid params: " + text, SideEffects.NONE);
            case -32601 -> ToolError.of(ErrorCategory.NOT_FOUND, "method or tool not found: " + text, SideEffects.NONE);
            case -32700, -32600 -> ToolError.of(ErrorCategory.INTERNAL, "protocol error " + code + ": " + text, SideEffects.NONE);
            case -32002 -> ToolError.of(ErrorCategory.NOT_FOUND, "resource not found: " + text, SideEffects.NONE);
            case -32001 -> ToolError.of(ErrorCategory.TIMEOUT, "request timed out: " + text, SideEffects.UNKNOWN);
            default -> ToolError.of(ErrorCategory.INTERNAL, "JSON-RPC error " + code + ": " + text, SideEffects.UNKNOWN);
        };
    }

    /**
     * Classifies an MCP {@code CallToolResult} given as a plain map. Empty when {@code isError} is not
     * true. A SERF object in {@code structuredContent} is taken as is; otherwise the text content is
     * matched against common phrasings, and anything else is an INTERNAL error with unknown side
     * effects (the tool ran and reported a failure).
     */
    public static Optional<ToolError> fromMcpResult(Map<String, ?> result) {
        if (result == null || !Boolean.TRUE.equals(result.get("isError"))) {
            return Optional.empty();
        }
        if (result.get("structuredContent") instanceof Map<?, ?> structured) {
            Optional<ToolError> serf = fromSerfMap(structured);
            if (serf.isPresent()) {
                return serf;
            }
        }
        String text = textOf(result.get("content"));
        String lower = text.toLowerCase(Locale.ROOT);
        ErrorCategory category;
        SideEffects sideEffects = SideEffects.UNKNOWN;
        if (lower.contains("rate limit") || lower.contains("too many requests") || lower.contains("429")) {
            category = ErrorCategory.RATE_LIMITED;
            sideEffects = SideEffects.NONE;
        } else if (lower.contains("timed out") || lower.contains("timeout")) {
            category = ErrorCategory.TIMEOUT;
        } else if (lower.contains("quota")) {
            category = ErrorCategory.QUOTA_EXCEEDED;
            sideEffects = SideEffects.NONE;
        } else if (lower.contains("unauthorized") || lower.contains("unauthenticated")) {
            category = ErrorCategory.UNAUTHENTICATED;
            sideEffects = SideEffects.NONE;
        } else if (lower.contains("forbidden") || lower.contains("permission denied")) {
            category = ErrorCategory.FORBIDDEN;
            sideEffects = SideEffects.NONE;
        } else if (lower.contains("invalid") || lower.contains("required") || lower.contains("must be")) {
            category = ErrorCategory.INVALID_ARGUMENTS;
            sideEffects = SideEffects.NONE;
        } else if (lower.contains("not found") || lower.contains("no such")) {
            category = ErrorCategory.NOT_FOUND;
            sideEffects = SideEffects.NONE;
        } else if (lower.contains("unavailable") || lower.contains("connection refused")) {
            category = ErrorCategory.UPSTREAM_UNAVAILABLE;
        } else {
            category = ErrorCategory.INTERNAL;
        }
        return Optional.of(ToolError.of(category, text.isEmpty() ? "the tool reported an error" : text, sideEffects));
    }

    /** Reads a SERF object (as produced by {@link ToolError#toMap()}); empty when it is not one. */
    public static Optional<ToolError> fromSerfMap(Map<?, ?> map) {
        Object category = map.get("category");
        if (!(category instanceof String c)) {
            return Optional.empty();
        }
        try {
            ErrorCategory cat = ErrorCategory.valueOf(c);
            RecoveryAction action = map.get("action") instanceof String a ? RecoveryAction.valueOf(a) : cat.defaultAction();
            SideEffects se = map.get("sideEffects") instanceof String s ? SideEffects.valueOf(s) : SideEffects.UNKNOWN;
            Duration retryAfter = map.get("retryAfter") instanceof Number n ? Duration.ofMillis(Math.round(n.doubleValue() * 1000)) : null;
            List<String> hints = map.get("hints") instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
            String message = map.get("message") instanceof String m ? m : cat.name();
            String traceId = map.get("traceId") instanceof String t ? t : null;
            String tool = map.get("tool") instanceof String t ? t : null;
            return Optional.of(new ToolError(cat, action, message, retryAfter, se, hints, traceId, tool));
        } catch (IllegalArgumentException unknownEnum) {
            return Optional.empty();
        }
    }

    private static String textOf(@Nullable Object content) {
        if (!(content instanceof List<?> blocks)) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (Object block : blocks) {
            if (block instanceof Map<?, ?> m && "text".equals(m.get("type")) && m.get("text") instanceof String s) {
                if (!sb.isEmpty()) {
                    sb.append(' ');
                }
                sb.append(s);
            }
        }
        return sb.toString();
    }
}
