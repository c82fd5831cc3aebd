package dev.detour.router.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class ErrorClassifierTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    @Test
    void aRefusedConnectionNeverReachedTheProvider() {
        ToolError e = ErrorClassifier.fromThrowable(new CompletionException(new ConnectException("refused")));

        assertThat(e.category()).isEqualTo(ErrorCategory.UPSTREAM_UNAVAILABLE);
        assertThat(e.sideEffects()).isEqualTo(SideEffects.NONE);
        assertThat(e.action()).isEqualTo(RecoveryAction.REROUTE);
    }

    @Test
    void aTimeoutMayHaveHadAnEffect() {
        ToolError e = ErrorClassifier.fromThrowable(new TimeoutException());

        assertThat(e.category()).isEqualTo(ErrorCategory.TIMEOUT);
        assertThat(e.sideEffects()).isEqualTo(SideEffects.UNKNOWN);
    }

    @Test
    void aGenericIoFailureIsTransientWithUnknownEffects() {
        assertThat(ErrorClassifier.fromThrowable(new IOException("reset")).category()).isEqualTo(ErrorCategory.TRANSIENT);
    }

    @Test
    void aCarriedToolErrorIsTakenAsIs() {
        ToolError carried = ToolError.of(ErrorCategory.QUOTA_EXCEEDED, "out", SideEffects.NONE);

        assertThat(ErrorClassifier.fromThrowable(new ToolErrorException(carried))).isEqualTo(carried);
    }

    @Test
    void http429IsRateLimitedWithItsRetryAfter() {
        ToolError e = ErrorClassifier.fromHttpStatus(429, "7", NOW);

        assertThat(e.category()).isEqualTo(ErrorCategory.RATE_LIMITED);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(e.sideEffects()).isEqualTo(SideEffects.NONE);
    }

    @Test
    void retryAfterAcceptsAnHttpDate() {
        assertThat(ErrorClassifier.parseRetryAfter("Wed, 25 Nov 2026 12:01:00 GMT", NOW)).isEqualTo(Duration.ofMinutes(1));
        assertThat(ErrorClassifier.parseRetryAfter("soon", NOW)).isNull();
    }

    @Test
    void httpStatusesMapToTheirCategories() {
        assertThat(ErrorClassifier.fromHttpStatus(400, null, NOW).action()).isEqualTo(RecoveryAction.FIX_ARGUMENTS);
        assertThat(ErrorClassifier.fromHttpStatus(401, null, NOW).category()).isEqualTo(ErrorCategory.UNAUTHENTICATED);
        assertThat(ErrorClassifier.fromHttpStatus(403, null, NOW).category()).isEqualTo(ErrorCategory.FORBIDDEN);
        assertThat(ErrorClassifier.fromHttpStatus(404, null, NOW).category()).isEqualTo(ErrorCategory.NOT_FOUND);
        assertThat(ErrorClassifier.fromHttpStatus(409, null, NOW).category()).isEqualTo(ErrorCategory.CONFLICT);
        assertThat(ErrorClassifier.fromHttpStatus(503, null, NOW).sideEffects()).isEqualTo(SideEffects.NONE);
        assertThat(ErrorClassifier.fromHttpStatus(500, null, NOW).sideEffects()).isEqualTo(SideEffects.UNKNOWN);
        assertThat(ErrorClassifier.fromHttpStatus(504, null, NOW).category()).isEqualTo(ErrorCategory.TIMEOUT);
    }

    @Test
    void jsonRpcInvalidParamsIsAnArgumentError() {
        assertThat(ErrorClassifier.fromJsonRpcError(-32602, "missing q", null).category()).isEqualTo(ErrorCategory.INVALID_ARGUMENTS);
        assertThat(ErrorClassifier.fromJsonRpcError(-32603, "oops", null).category()).isEqualTo(ErrorCategory.INTERNAL);
    }

    @Test
    void aSerfObjectInJsonRpcDataWins() {
        Map<String, Object> serf = ToolError.of(ErrorCategory.RATE_LIMITED, "slow down", SideEffects.NONE).withRetryAfter(Duration.ofSeconds(2)).toMap();

        ToolError e = ErrorClassifier.fromJsonRpcError(-32000, "whatever", serf);

        assertThat(e.category()).isEqualTo(ErrorCategory.RATE_LIMITED);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void anMcpResultWithoutIsErrorIsNoError() {
        assertThat(ErrorClassifier.fromMcpResult(Map.of("content", List.of()))).isEmpty();
        assertThat(ErrorClassifier.fromMcpResult(Map.of("isError", false))).isEmpty();
    }

    @Test
    void anMcpErrorResultIsClassifiedFromItsText() {
        Map<String, Object> result = Map.of("isError", true, "content", List.of(Map.of("type", "text", "text", "Rate limit exceeded")));

        assertThat(ErrorClassifier.fromMcpResult(result).orElseThrow().category()).isEqualTo(ErrorCategory.RATE_LIMITED);
    }

    @Test
    void anUnrecognisedMcpErrorIsInternalWithUnknownEffects() {
        Map<String, Object> result = Map.of("isError", true, "content", List.of(Map.of("type", "text", "text", "kaput")));

        ToolError e = ErrorClassifier.fromMcpResult(result).orElseThrow();
        assertThat(e.category()).isEqualTo(ErrorCategory.INTERNAL);
        assertThat(e.sideEffects()).isEqualTo(SideEffects.UNKNOWN);
    }

    @Test
    void theWireFormRoundTrips() {
        ToolError e = new ToolError(ErrorCategory.TIMEOUT, RecoveryAction.REROUTE, "late", Duration.ofMillis(1500), SideEffects.UNKNOWN,
                List.of("try later"), "trace-1", "search@brave");

        assertThat(ErrorClassifier.fromSerfMap(e.toMap())).contains(e);
        assertThat(e.toMap()).containsEntry("retryAfter", 1.5).containsEntry("category", "TIMEOUT");
    }

    @Test
    void callerSideCategoriesAreIgnoredByHealth() {
        assertThat(ErrorCategory.INVALID_ARGUMENTS.ignoredByHealth()).isTrue();
        assertThat(ErrorCategory.FORBIDDEN.ignoredByHealth()).isTrue();
        assertThat(ErrorCategory.UPSTREAM_UNAVAILABLE.ignoredByHealth()).isFalse();
    }
}
