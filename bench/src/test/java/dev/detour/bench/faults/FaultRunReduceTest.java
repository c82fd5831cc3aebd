package dev.detour.bench.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.bench.load.client.CallAnswer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link FaultRun#reduce} and {@link CallRecord#of} on hand-made timelines: the fault figures' definitions. */
class FaultRunReduceTest {

    static final long MS = 1_000_000;

    static CallRecord on(String provider, long dueMs, long tookMs, int attempts) {
        return new CallRecord(dueMs * MS, dueMs * MS, (dueMs + tookMs) * MS, true, provider, attempts, null);
    }

    static CallRecord failed(long dueMs, String category) {
        return new CallRecord(dueMs * MS, dueMs * MS, (dueMs + 1) * MS, false, null, 2, category);
    }

    @Test
    void firstRerouteAndReturnToTheCheapestProviderAreMeasuredFromTheInjectionAndTheHeal() {
        List<CallRecord> records = List.of(on("p1", 90, 1, 1), on("p1", 100, 5, 1), on("p2", 110, 20, 2), failed(120, "NO_ROUTE"),
                on("p2", 200, 1, 1), on("p1", 210, 2, 1), on("p2", 220, 1, 1), on("p1", 230, 1, 1), on("p1", 240, 1, 1));
        FaultResult r = FaultRun.reduce(FaultKind.HANG, true, records, 100 * MS, 100 * MS, 200 * MS, Map.of("p1", 4L, "p2", 6L));

        assertThat(r.calls()).isEqualTo(8); // the call due before the injection is not in the window
        assertThat(r.failures()).isEqualTo(1);
        assertThat(r.failureCategories()).containsEntry("NO_ROUTE", 1L);
        assertThat(r.firstReroute()).isEqualTo(Duration.ofMillis(30)); // p2's answer ended at 130 ms
        assertThat(r.firstBackOnCheap()).isEqualTo(Duration.ofMillis(12)); // p1 again at 212 ms
        assertThat(r.allBackOnCheap()).isEqualTo(Duration.ofMillis(21)); // the last p2 answer ended at 221 ms
        assertThat(r.amplification()).isEqualTo(10 / 8.0);
        assertThat(r.attemptsPerCall()).isEqualTo((1 + 2 + 2 + 1 + 1 + 1 + 1 + 1) / 8.0);
        assertThat(r.failuresMet()).isFalse();
        assertThat(r.amplificationMet()).isFalse();
    }

    @Test
    void trafficThatNeverSettlesOnTheCheapestProviderHasNoTimeBack() {
        List<CallRecord> records = List.of(on("p2", 100, 1, 1), on("p1", 200, 1, 1), on("p2", 210, 1, 1));
        FaultResult r = FaultRun.reduce(FaultKind.SLOW, true, records, 100 * MS, 100 * MS, 200 * MS, Map.of("p1", 3L));

        assertThat(r.firstBackOnCheap()).isEqualTo(Duration.ofMillis(1));
        assertThat(r.allBackOnCheap()).isNull();
        assertThat(r.amplificationMet()).isTrue();
        assertThat(r.failuresMet()).isTrue();
    }

    @Test
    void withoutAnAlternativeFailuresDoNotMissTheTarget() {
        FaultResult r = FaultRun.reduce(FaultKind.ALL_FAILING, true, List.of(failed(100, "NO_ROUTE")), 100 * MS, 100 * MS, 200 * MS,
                Map.of("p1", 1L));

        assertThat(r.failuresMet()).isTrue();
        assertThat(r.firstReroute()).isNull();
        assertThat(r.firstBackOnCheap()).isNull();
    }

    @Test
    void aCallRecordReadsTheProviderAndAttemptsFromTheRouteSummary() {
        String ok = "{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{\"content\":[],\"_meta\":{\"dev.detour/route\":{\"upstream\":\"p2\","
                + "\"steps\":[{\"type\":\"StepFailed\"},{\"type\":\"StepSucceeded\"}]}}}}";
        CallRecord r = CallRecord.of(0, 0, 5, new CallAnswer(200, ok, false));
        assertThat(r.succeeded()).isTrue();
        assertThat(r.provider()).isEqualTo("p2");
        assertThat(r.attempts()).isEqualTo(2);

        String escalated = "{\"jsonrpc\":\"2.0\",\"id\":4,\"result\":{\"isError\":true,\"structuredContent\":{\"category\":\"NO_ROUTE\"},"
                + "\"_meta\":{\"dev.detour/route\":{\"steps\":[]}}}}";
        CallRecord e = CallRecord.of(0, 0, 5, new CallAnswer(200, "event: message\ndata: " + escalated + "\n\n", true));
        assertThat(e.succeeded()).isFalse();
        assertThat(e.failure()).isEqualTo("NO_ROUTE");
        assertThat(e.attempts()).isZero();

        assertThat(CallRecord.of(0, 0, 5, CallAnswer.failed(new IllegalStateException("reset"))).failure()).isEqualTo("no answer");
    }
}
