package dev.detour.server.soak;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link SidecarSoak} runs. Immutable; build with {@link #builder()}.
 *
 * @param phase            how long one load phase lasts; the soak runs two identical phases (same seed,
 *                         same chaos schedule), the second one to compare the heap against the first
 * @param clients          concurrent agent sessions, one virtual thread each
 * @param seed             seeds the chaos schedule, the call mix, the cancellations and their delays
 * @param budget           the budget every healing call asks for in {@code _meta["dev.detour/budget"]}
 * @param hangSlack        added to twice the budget to give the time after which a call without an answer counts as hung
 * @param cancelShare      the share of calls the client cancels ({@code notifications/cancelled}), 0 to 1
 * @param maxCancelDelay   a cancelled call is cancelled after a random delay up to this
 * @param faultEvery       mean time between two injected faults
 * @param reloadEvery      time between two hot reloads
 * @param recoveryLimit    how long, after the final "heal everything", traffic may take to return to the cheap providers
 * @param cheapCalls       web_search calls after recovery that must all be answered by the cheap provider
 * @param baselineCalls    calls per path in the sequential latency baseline
 * @param journalCapacity  route events the sidecar keeps; the journal check covers this many
 * @param heapGrowthLimit  the most the heap may grow from after phase 1 to after phase 2 (after a GC each time)
 */
public record SoakOptions(Duration phase, int clients, long seed, Duration budget, Duration hangSlack, double cancelShare,
        Duration maxCancelDelay, Duration faultEvery, Duration reloadEvery, Duration recoveryLimit, int cheapCalls, int baselineCalls,
        int journalCapacity, long heapGrowthLimit) {

    /** 30 s per phase: a 60 s soak in all. */
    public static final Duration DEFAULT_PHASE = Duration.ofSeconds(30);
    /** 32 concurrent agent sessions. */
    public static final int DEFAULT_CLIENTS = 32;
    /** The seed when none is given. */
    public static final long DEFAULT_SEED = 20261125L;
    /** 2.5 s: above the demo's slow fault (2 s), so a slow provider can still answer within it. */
    public static final Duration DEFAULT_BUDGET = Duration.ofMillis(2500);
    /** 2 s of slack on top of twice the budget before a call counts as hung. */
    public static final Duration DEFAULT_HANG_SLACK = Duration.ofSeconds(2);
    /** 3 % of calls are cancelled by the client. */
    public static final double DEFAULT_CANCEL_SHARE = 0.03;
    /** Cancellations arrive up to 300 ms after the call, so some reach a call in flight and some lose the race. */
    public static final Duration DEFAULT_MAX_CANCEL_DELAY = Duration.ofMillis(300);
    /** A fault every 3 s on average. */
    public static final Duration DEFAULT_FAULT_EVERY = Duration.ofSeconds(3);
    /** A hot reload every 10 s. */
    public static final Duration DEFAULT_RELOAD_EVERY = Duration.ofSeconds(10);
    /** 10 s: the demo's breaker waits 1 s when open and its probes run every 250 ms, so recovery takes a few seconds at most. */
    public static final Duration DEFAULT_RECOVERY_LIMIT = Duration.ofSeconds(10);
    /** 20 web_search calls after recovery. */
    public static final int DEFAULT_CHEAP_CALLS = 20;
    /** 2,000 sequential calls per path in the baseline. */
    public static final int DEFAULT_BASELINE_CALLS = 2_000;
    /** 65,536 route events: several seconds of a loaded sidecar's failures and their resolutions. */
    public static final int DEFAULT_JOURNAL_CAPACITY = 65_536;
    /** 16 MiB: above the noise of a full GC's heap reading, far below what a per-call leak leaves after a phase. */
    public static final long DEFAULT_HEAP_GROWTH_LIMIT = 16L << 20;

    public SoakOptions {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(hangSlack, "hangSlack");
        Objects.requireNonNull(maxCancelDelay, "maxCancelDelay");
        Objects.requireNonNull(faultEvery, "faultEvery");
        Objects.requireNonNull(reloadEvery, "reloadEvery");
        Objects.requireNonNull(recoveryLimit, "recoveryLimit");
        requirePositive("phase", phase);
        requirePositive("budget", budget);
        requirePositive("faultEvery", faultEvery);
        requirePositive("reloadEvery", reloadEvery);
        requirePositive("recoveryLimit", recoveryLimit);
        if (clients < 1) {
            throw new IllegalArgumentException("clients must be at least 1, got " + clients);
        }
        if (!(cancelShare >= 0 && cancelShare <= 1)) {
            throw new IllegalArgumentException("cancelShare must be between 0 and 1, got " + cancelShare);
        }
        if (cheapCalls < 1 || baselineCalls < 1 || journalCapacity < 1 || heapGrowthLimit < 0) {
            throw new IllegalArgumentException("cheapCalls, baselineCalls and journalCapacity must be positive and heapGrowthLimit"
                    + " not negative, got " + cheapCalls + ", " + baselineCalls + ", " + journalCapacity + ", " + heapGrowthLimit);
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    /** After this long without an answer a call counts as hung: twice the budget plus the slack. */
    public Duration hangLimit() {
        return budget.multipliedBy(2).plus(hangSlack);
    }

    public static SoakOptions ofDefaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder; fields start at their defaults. */
    public static final class Builder {
        private Duration phase = DEFAULT_PHASE;
        private int clients = DEFAULT_CLIENTS;
        private long seed = DEFAULT_SEED;
        private Duration budget = DEFAULT_BUDGET;
        private Duration hangSlack = DEFAULT_HANG_SLACK;
        private double cancelShare = DEFAULT_CANCEL_SHARE;
        private Duration maxCancelDelay = DEFAULT_MAX_CANCEL_DELAY;
        private Duration faultEvery = DEFAULT_FAULT_EVERY;
        private Duration reloadEvery = DEFAULT_RELOAD_EVERY;
        private Duration recoveryLimit = DEFAULT_RECOVERY_LIMIT;
        private int cheapCalls = DEFAULT_CHEAP_CALLS;
        private int baselineCalls = DEFAULT_BASELINE_CALLS;
        private int journalCapacity = DEFAULT_JOURNAL_CAPACITY;
        private long heapGrowthLimit = DEFAULT_HEAP_GROWTH_LIMIT;

        private Builder() {
        }

        /** The whole soak's load time, split into its two identical phases. */
        public Builder total(Duration v) {
            this.phase = v.dividedBy(2);
            return this;
        }

        public Builder phase(Duration v) {
            this.phase = v;
            return this;
        }

        public Builder clients(int v) {
            this.clients = v;
            return this;
        }

        public Builder seed(long v) {
            this.seed = v;
            return this;
        }

        public Builder budget(Duration v) {
            this.budget = v;
            return this;
        }

        public Builder hangSlack(Duration v) {
            this.hangSlack = v;
            return this;
        }

        public Builder cancelShare(double v) {
            this.cancelShare = v;
            return this;
        }

        public Builder maxCancelDelay(Duration v) {
            this.maxCancelDelay = v;
            return this;
        }

        public Builder faultEvery(Duration v) {
            this.faultEvery = v;
            return this;
        }

        public Builder reloadEvery(Duration v) {
            this.reloadEvery = v;
            return this;
        }

        public Builder recoveryLimit(Duration v) {
            this.recoveryLimit = v;
            return this;
        }

        public Builder cheapCalls(int v) {
            this.cheapCalls = v;
            return this;
        }

        public Builder baselineCalls(int v) {
            this.baselineCalls = v;
            return this;
        }

        public Builder journalCapacity(int v) {
            this.journalCapacity = v;
            return this;
        }

        /** In bytes. */
        public Builder heapGrowthLimit(long v) {
            this.heapGrowthLimit = v;
            return this;
        }

        public SoakOptions build() {
            return new SoakOptions(phase, clients, seed, budget, hangSlack, cancelShare, maxCancelDelay, faultEvery, reloadEvery,
                    recoveryLimit, cheapCalls, baselineCalls, journalCapacity, heapGrowthLimit);
        }
    }
}
