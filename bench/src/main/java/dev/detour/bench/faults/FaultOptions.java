package dev.detour.bench.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The settings of one {@link FaultBench} run. Immutable; from the command line with {@link #parse} or
 * in code with {@link #builder()}.
 *
 * @param providers        interchangeable providers of the tool behind the logical tool (≥ 2), cheapest first
 * @param rate             the steady open-loop load, calls per second
 * @param latency          each provider's nominal latency (the slow fault multiplies it by ten)
 * @param budget           the budget hint every call carries ({@code _meta["dev.detour/budget"]})
 * @param warmup           load before the first fault (JIT, and the latency windows past the cold start)
 * @param steady           healthy load before each fault
 * @param fault            how long each fault lasts
 * @param recovery         load after each heal, in which traffic should return to the cheapest provider
 * @param flapHalfPeriod   the flapping fault's time down and time up
 * @param faults           the faults, in order
 * @param monitors         the {@code monitors:} and {@code budgets:} YAML of the served config
 * @param jar              Detour's packaged CLI; null: run Detour from {@code detourClassPath}
 * @param detourClassPath  the class path holding Detour's CLI, when {@code jar} is null
 * @param detourJvmOptions extra JVM options for the Detour process
 * @param childJvmOptions  extra JVM options for every Java process the harness starts (Detour and providers)
 * @param workDir          logs and the generated config
 * @param into             a Markdown file whose generated section receives the table; null: print only
 * @param command          the command line reported with the table
 */
public record FaultOptions(int providers, double rate, Duration latency, Duration budget, Duration warmup, Duration steady, Duration fault,
        Duration recovery, Duration flapHalfPeriod, List<FaultKind> faults, String monitors, Path jar, String detourClassPath,
        List<String> detourJvmOptions, List<String> childJvmOptions, Path workDir, Path into, String command) {

    /** Three providers: a cheapest one to fault and two alternatives. */
    public static final int DEFAULT_PROVIDERS = 3;
    /** 200 calls/s of steady load: a failure shows within 5 ms of traffic. */
    public static final double DEFAULT_RATE = 200;
    /**
     * 10 ms nominal latency, so the 10× slow fault (100 ms) stands out from loopback noise on a loaded
     * machine, and a healthy provider stays well inside the latency SLO below.
     */
    public static final Duration DEFAULT_LATENCY = Duration.ofMillis(10);
    /** 6 s of load before the first fault: longer than the latency monitor's 5 s window. */
    public static final Duration DEFAULT_WARMUP = Duration.ofSeconds(6);
    /** 2 s per call: room for a timed-out attempt and a second one. */
    public static final Duration DEFAULT_BUDGET = Duration.ofSeconds(2);
    /**
     * Monitor settings with time scales shortened so each fault plays out in seconds: the breaker
     * half-opens after 1 s (default 15 s), probes run every 250 ms (1 s), outlier ejection starts at
     * 2 s (30 s), and a latency SLO (p90 ≤ 50 ms over a 5 s window) that the 10× slow provider breaks
     * by 2× — a penalty that puts it behind the next provider.
     */
    public static final String DEFAULT_MONITORS = """
            monitors:
              breaker: {waitInOpen: 1s}
              probes: {interval: 250ms, timeout: 500ms}
              outlier: {interval: 1s, baseEjectionTime: 2s}
              latency: {quantile: 0.9, slo: 50ms, window: 5s, subIntervals: 5}
            """;

    public FaultOptions {
        faults = List.copyOf(faults);
        detourJvmOptions = List.copyOf(detourJvmOptions);
        childJvmOptions = List.copyOf(childJvmOptions);
        if (providers < 2) {
            throw new IllegalArgumentException("a fault needs an alternative: providers must be at least 2, was " + providers);
        }
        if (!(rate > 0) || faults.isEmpty()) {
            throw new IllegalArgumentException("rate must be positive and at least one fault given");
        }
        if (jar == null && detourClassPath == null) {
            throw new IllegalArgumentException("give Detour's jar (--jar) or a class path holding it");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The usage text. */
    public static String usage() {
        return """
                usage: bench/load-bench.sh faults [options]   (or java -cp bench/target/benchmarks.jar dev.detour.bench.faults.FaultBench …)
                  --jar FILE              Detour's CLI jar (default server/target/detour.jar)
                  --providers N           providers of the logical tool, at least 2 (default 3)
                  --rate R                steady load, calls/s (default 200)
                  --latency-ms MS         providers' nominal latency (default 10)
                  --budget-ms MS          budget hint per call (default 2000)
                  --warmup S              load before the first fault (default 6)
                  --steady S / --fault S / --recovery S   seconds per phase (default 2 / 5 / 8)
                  --faults K,K            hard-kill,hang,slow,error-burst,flapping,all-failing (default all)
                  --monitors FILE         YAML with the monitors: / budgets: sections to serve with (default: shortened time scales)
                  --detour-jvm-opts "..." extra JVM options for the Detour process
                  --child-jvm-opts "..."  extra JVM options for every Java process started (Detour and the providers)
                  --work DIR              logs and config (default bench/target/faults)
                  --into FILE             write the table into FILE's generated section (bench/README.md)
                """;
    }

    /**
     * Options from the command line.
     *
     * @throws IllegalArgumentException for an unknown or malformed option
     * @throws IOException when the {@code --monitors} file cannot be read
     */
    public static FaultOptions parse(String[] args) throws IOException {
        Builder b = builder();
        b.command = System.getenv().getOrDefault("DETOUR_BENCH_COMMAND",
                "java -cp bench/target/benchmarks.jar " + FaultBench.class.getName() + " " + String.join(" ", args)).trim();
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        while (!rest.isEmpty()) {
            String flag = rest.removeFirst();
            if ("--help".equals(flag)) {
                throw new IllegalArgumentException(usage());
            }
            if (rest.isEmpty()) {
                throw new IllegalArgumentException("unknown option or missing value: " + flag + "\n" + usage());
            }
            String value = rest.removeFirst();
            switch (flag) {
                case "--jar" -> b.jar = Path.of(value);
                case "--providers" -> b.providers = Integer.parseInt(value);
                case "--rate" -> b.rate = Double.parseDouble(value);
                case "--latency-ms" -> b.latency = Duration.ofMillis(Long.parseLong(value));
                case "--budget-ms" -> b.budget = Duration.ofMillis(Long.parseLong(value));
                case "--warmup" -> b.warmup = seconds(value);
                case "--steady" -> b.steady = seconds(value);
                case "--fault" -> b.fault = seconds(value);
                case "--recovery" -> b.recovery = seconds(value);
                case "--faults" -> b.faults = FaultKind.parse(value);
                case "--monitors" -> b.monitors = Files.readString(Path.of(value));
                case "--detour-jvm-opts" -> b.detourJvmOptions = Arrays.stream(value.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
                case "--child-jvm-opts" -> b.childJvmOptions = Arrays.stream(value.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
                case "--work" -> b.workDir = Path.of(value);
                case "--into" -> b.into = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + usage());
            }
        }
        return b.build();
    }

    private static Duration seconds(String text) {
        return Duration.ofMillis(Math.round(Double.parseDouble(text) * 1000));
    }

    /** Builder with the {@code DEFAULT_*} values. */
    public static final class Builder {
        private int providers = DEFAULT_PROVIDERS;
        private double rate = DEFAULT_RATE;
        private Duration latency = DEFAULT_LATENCY;
        private Duration budget = DEFAULT_BUDGET;
        private Duration warmup = DEFAULT_WARMUP;
        private Duration steady = Duration.ofSeconds(2);
        private Duration fault = Duration.ofSeconds(5);
        private Duration recovery = Duration.ofSeconds(8);
        private Duration flapHalfPeriod = Duration.ofMillis(250);
        private List<FaultKind> faults = List.of(FaultKind.values());
        private String monitors = DEFAULT_MONITORS;
        private Path jar = Path.of("server", "target", "detour.jar");
        private String detourClassPath;
        private List<String> detourJvmOptions = List.of();
        private List<String> childJvmOptions = List.of();
        private Path workDir = Path.of("bench", "target", "faults");
        private Path into;
        private String command = FaultBench.class.getName();

        public Builder providers(int n) {
            providers = n;
            return this;
        }

        public Builder rate(double r) {
            rate = r;
            return this;
        }

        public Builder warmup(Duration d) {
            warmup = d;
            return this;
        }

        public Builder phases(Duration steady, Duration fault, Duration recovery) {
            this.steady = steady;
            this.fault = fault;
            this.recovery = recovery;
            return this;
        }

        public Builder faults(List<FaultKind> f) {
            faults = f;
            return this;
        }

        /** Runs Detour from {@code classPath} instead of a jar. */
        public Builder detourClassPath(String classPath) {
            jar = null;
            detourClassPath = classPath;
            return this;
        }

        public Builder childJvmOptions(List<String> o) {
            childJvmOptions = o;
            return this;
        }

        public Builder workDir(Path dir) {
            workDir = dir;
            return this;
        }

        public FaultOptions build() {
            return new FaultOptions(providers, rate, latency, budget, warmup, steady, fault, recovery, flapHalfPeriod, faults, monitors, jar,
                    detourClassPath, detourJvmOptions, childJvmOptions, workDir, into, command);
        }
    }
}
