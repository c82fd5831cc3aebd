package dev.detour.bench.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * What {@link ClusterBench} runs.
 *
 * @param rounds  verdicts published (and recoveries) measured, their origin taking turns among the members
 * @param warmup  closed-loop warm-up of each call-cost phase
 * @param seconds measured closed-loop load of each call-cost phase
 * @param workers concurrent callers of the closed loop
 * @param pairs   call-cost phases per mode, alternating off and on, merged per mode
 * @param into    the Markdown file whose generated section gets the tables, or {@code null}
 */
record ClusterBenchOptions(int rounds, Duration warmup, Duration seconds, int workers, int pairs, Path into) {

    static ClusterBenchOptions ofDefaults() {
        return new ClusterBenchOptions(300, Duration.ofSeconds(5), Duration.ofSeconds(10), 16, 2, null);
    }

    /** @throws IllegalArgumentException with the usage when an option is unknown or malformed, or on {@code --help} */
    static ClusterBenchOptions parse(String... args) {
        ClusterBenchOptions o = ofDefaults();
        Deque<String> rest = new ArrayDeque<>(Arrays.asList(args));
        while (!rest.isEmpty()) {
            String flag = rest.pop();
            try {
                o = switch (flag) {
                    case "--rounds" -> new ClusterBenchOptions(Integer.parseInt(value(flag, rest)), o.warmup, o.seconds, o.workers, o.pairs, o.into);
                    case "--warmup" -> new ClusterBenchOptions(o.rounds, seconds(value(flag, rest)), o.seconds, o.workers, o.pairs, o.into);
                    case "--seconds" -> new ClusterBenchOptions(o.rounds, o.warmup, seconds(value(flag, rest)), o.workers, o.pairs, o.into);
                    case "--workers" -> new ClusterBenchOptions(o.rounds, o.warmup, o.seconds, Integer.parseInt(value(flag, rest)), o.pairs, o.into);
                    case "--pairs" -> new ClusterBenchOptions(o.rounds, o.warmup, o.seconds, o.workers, Integer.parseInt(value(flag, rest)), o.into);
                    case "--into" -> new ClusterBenchOptions(o.rounds, o.warmup, o.seconds, o.workers, o.pairs, Path.of(value(flag, rest)));
                    default -> throw new IllegalArgumentException(usage());
                };
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(flag + ": not a number\n" + usage());
            }
        }
        if (o.rounds < 1 || o.workers < 1 || o.pairs < 1) {
            throw new IllegalArgumentException("--rounds, --workers and --pairs must be positive\n" + usage());
        }
        return o;
    }

    static String usage() {
        return """
                bench/load-bench.sh cluster [options]
                  --rounds N      verdicts measured across the three members (default 300)
                  --warmup S      closed-loop warm-up seconds per call-cost phase (default 5)
                  --seconds S     measured seconds per call-cost phase (default 10)
                  --workers N     concurrent callers (default 16)
                  --pairs N       call-cost phases per mode, alternating off and on (default 2)
                  --into FILE     write the tables into FILE's generated section (bench/README.md)
                """;
    }

    private static String value(String flag, Deque<String> rest) {
        if (rest.isEmpty()) {
            throw new IllegalArgumentException(flag + " needs a value\n" + usage());
        }
        return rest.pop();
    }

    private static Duration seconds(String text) {
        return Duration.ofMillis(Math.round(Double.parseDouble(text) * 1000));
    }
}
