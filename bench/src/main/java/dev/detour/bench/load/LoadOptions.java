package dev.detour.bench.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The settings of one {@link LoadBench} run. Immutable; from the command line with {@link #parse} or
 * in code with {@link #builder()}.
 *
 * @param warmup           closed-loop load per target and round before anything is measured (JIT)
 * @param seconds          the length of each measured phase
 * @param rates            the open-loop rates, calls per second
 * @param connections      connections per target (the closed loop's concurrent callers and the pool size)
 * @param sessions         MCP sessions per target the calls are spread over (a stdio proxy starts one child per session)
 * @param maxOutstanding   open loop: calls in flight beyond which a due call is counted as not sent
 * @param rounds           how often every target is measured, each time with fresh sessions and a warm-up; rounds
 *                         are merged (drift of the machine's load hits all targets alike)
 * @param withNode         whether to run what needs Node: the Node upstream's targets and the npm {@code mcp-proxy}
 * @param only             target ids to run (e.g. {@code fast/detour-proxy-http}); empty: all. The family's
 *                         direct target is always run, as the baseline
 * @param jar              Detour's packaged CLI; null: run Detour from {@code detourClassPath}
 * @param baselineJar      another Detour jar (e.g. built from the commit before a change) whose routes are measured next
 *                         to {@code jar}'s in the same run and rounds, as rows marked "baseline jar"; null: none
 * @param detourClassPath  the class path holding Detour's CLI, when {@code jar} is null
 * @param detourJvmOptions extra JVM options for every Detour process (e.g. {@code -Xmx512m})
 * @param childJvmOptions  extra JVM options for every Java process the harness starts, Detour and fixtures (the
 *                         smoke test's {@code -XX:TieredStopAtLevel=1}: quicker start-up, slower code)
 * @param jfr              record every Detour process with JFR ({@code settings=profile}) into {@code workDir/jfr/}
 * @param keepUp           after the run, keep every process up and print their URLs and pids until Enter
 * @param nodeDir          where the pinned Node, {@code mcp-proxy} and SDK are installed (bench/load-bench.sh)
 * @param workDir          logs, generated configs and recordings
 * @param into             a Markdown file whose generated section receives the tables; null: print only
 * @param command          the command line reported with the tables
 */
public record LoadOptions(Duration warmup, Duration seconds, List<Double> rates, int connections, int sessions, int maxOutstanding,
        int rounds, boolean withNode, Set<String> only, Path jar, Path baselineJar, String detourClassPath, List<String> detourJvmOptions,
        List<String> childJvmOptions, boolean jfr,
        boolean keepUp, Path nodeDir, Path workDir, Path into, String command) {

    /** 5 s of closed-loop load per target before measuring: C2 has compiled the hot path by then. */
    public static final Duration DEFAULT_WARMUP = Duration.ofSeconds(5);
    /** 10 s per measured phase: ≥ 10,000 calls at 1,000/s, enough for a p99.9. */
    public static final Duration DEFAULT_SECONDS = Duration.ofSeconds(10);
    /** 1,000 calls/s (issue 15's latency target) and 2,000 (beyond the npm proxy's capacity here). */
    public static final List<Double> DEFAULT_RATES = List.of(1000.0, 2000.0);
    /** 32 connections, as in issue 15's wrk runs. */
    public static final int DEFAULT_CONNECTIONS = 32;
    /** One session: one agent with many tool calls in flight. */
    public static final int DEFAULT_SESSIONS = 1;
    /** 5,000 calls in flight: five seconds of backlog at 1,000/s. */
    public static final int DEFAULT_MAX_OUTSTANDING = 5000;
    /** Where bench/load-bench.sh installs the Node peers. */
    public static final Path DEFAULT_NODE_DIR = Path.of(System.getProperty("user.home"), ".cache", "detour-bench");

    public LoadOptions {
        rates = List.copyOf(rates);
        only = Set.copyOf(only);
        detourJvmOptions = List.copyOf(detourJvmOptions);
        childJvmOptions = List.copyOf(childJvmOptions);
        if (seconds.isNegative() || seconds.isZero() || warmup.isNegative()) {
            throw new IllegalArgumentException("seconds must be positive and warmup not negative, were " + seconds + " / " + warmup);
        }
        if (rates.stream().anyMatch(r -> !(r > 0))) {
            throw new IllegalArgumentException("rates must be positive, were " + rates);
        }
        if (connections < 1 || sessions < 1 || sessions > connections || rounds < 1 || maxOutstanding < 1) {
            throw new IllegalArgumentException("need connections ≥ sessions ≥ 1, rounds ≥ 1, maxOutstanding ≥ 1");
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
                usage: bench/load-bench.sh load [options]     (or java -cp bench/target/benchmarks.jar dev.detour.bench.load.LoadBench …)
                  --jar FILE              Detour's CLI jar (default server/target/detour.jar)
                  --baseline-jar FILE     also run every selected Detour route from FILE (e.g. the jar before a change),
                                          interleaved in the same rounds; its rows are marked "baseline jar"
                  --warmup S              closed-loop warm-up seconds per target (default 5)
                  --seconds S             seconds per measured phase (default 10)
                  --rates R,R             open-loop rates, calls/s (default 1000,2000)
                  --connections N         connections per target (default 32)
                  --sessions N            MCP sessions per target (default 1)
                  --rounds N              measure every target N times, merged (default 1)
                  --only ID,ID            only these targets, e.g. fast/detour-proxy-http (the direct baseline always runs)
                  --no-node               skip what needs Node (the Node upstream and the npm mcp-proxy)
                  --node-dir DIR          the pinned Node install (default ~/.cache/detour-bench)
                  --detour-jvm-opts "..." extra JVM options for every Detour process
                  --child-jvm-opts "..."  extra JVM options for every Java process started (Detour and the fixtures)
                  --jfr                   record each Detour process with JFR into WORK/jfr/
                  --keep-up               keep every process up after the run (for a profiler), until Enter
                  --work DIR              logs, configs, recordings (default bench/target/load)
                  --into FILE             write the tables into FILE's generated section (bench/README.md)
                """;
    }

    /** Options from the command line. @throws IllegalArgumentException for an unknown or malformed option */
    public static LoadOptions parse(String[] args) {
        Builder b = builder();
        b.command = System.getenv().getOrDefault("DETOUR_BENCH_COMMAND",
                "java -cp bench/target/benchmarks.jar " + LoadBench.class.getName() + " " + String.join(" ", args)).trim();
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        while (!rest.isEmpty()) {
            String flag = rest.removeFirst();
            switch (flag) {
                case "--help" -> throw new IllegalArgumentException(usage());
                case "--no-node" -> b.withNode = false;
                case "--jfr" -> b.jfr = true;
                case "--keep-up" -> b.keepUp = true;
                case "--jar" -> b.jar = Path.of(value(flag, rest));
                case "--baseline-jar" -> b.baselineJar = Path.of(value(flag, rest));
                case "--warmup" -> b.warmup = seconds(value(flag, rest));
                case "--seconds" -> b.seconds = seconds(value(flag, rest));
                case "--rates" -> b.rates = Arrays.stream(value(flag, rest).split(",")).map(Double::parseDouble).toList();
                case "--connections" -> b.connections = Integer.parseInt(value(flag, rest));
                case "--sessions" -> b.sessions = Integer.parseInt(value(flag, rest));
                case "--rounds" -> b.rounds = Integer.parseInt(value(flag, rest));
                case "--only" -> b.only = Set.of(value(flag, rest).split(","));
                case "--node-dir" -> b.nodeDir = Path.of(value(flag, rest));
                case "--detour-jvm-opts" -> b.detourJvmOptions = words(value(flag, rest));
                case "--child-jvm-opts" -> b.childJvmOptions = words(value(flag, rest));
                case "--work" -> b.workDir = Path.of(value(flag, rest));
                case "--into" -> b.into = Path.of(value(flag, rest));
                default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + usage());
            }
        }
        return b.build();
    }

    static String value(String flag, List<String> rest) {
        if (rest.isEmpty()) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return rest.removeFirst();
    }

    /** {@code text} split on whitespace: JVM options given as one argument. */
    static List<String> words(String text) {
        return Arrays.stream(text.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }

    static Duration seconds(String text) {
        return Duration.ofMillis(Math.round(Double.parseDouble(text) * 1000));
    }

    /** Builder with the {@code DEFAULT_*} values. */
    public static final class Builder {
        private Duration warmup = DEFAULT_WARMUP;
        private Duration seconds = DEFAULT_SECONDS;
        private List<Double> rates = DEFAULT_RATES;
        private int connections = DEFAULT_CONNECTIONS;
        private int sessions = DEFAULT_SESSIONS;
        private int maxOutstanding = DEFAULT_MAX_OUTSTANDING;
        private int rounds = 1;
        private boolean withNode = true;
        private Set<String> only = Set.of();
        private Path jar = Path.of("server", "target", "detour.jar");
        private Path baselineJar;
        private String detourClassPath;
        private List<String> detourJvmOptions = List.of();
        private List<String> childJvmOptions = List.of();
        private boolean jfr;
        private boolean keepUp;
        private Path nodeDir = DEFAULT_NODE_DIR;
        private Path workDir = Path.of("bench", "target", "load");
        private Path into;
        private String command = LoadBench.class.getName();

        public Builder warmup(Duration d) {
            warmup = d;
            return this;
        }

        public Builder seconds(Duration d) {
            seconds = d;
            return this;
        }

        public Builder rates(List<Double> r) {
            rates = r;
            return this;
        }

        public Builder connections(int n) {
            connections = n;
            return this;
        }

        public Builder sessions(int n) {
            sessions = n;
            return this;
        }

        public Builder withNode(boolean b) {
            withNode = b;
            return this;
        }

        public Builder only(Set<String> ids) {
            only = ids;
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

        public Builder command(String c) {
            command = c;
            return this;
        }

        public LoadOptions build() {
            return new LoadOptions(warmup, seconds, rates, connections, sessions, maxOutstanding, rounds, withNode, only, jar,
                    baselineJar, detourClassPath, detourJvmOptions, childJvmOptions, jfr, keepUp, nodeDir, workDir, into, command);
        }
    }
}
