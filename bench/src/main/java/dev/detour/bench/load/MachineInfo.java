package dev.detour.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The machine a run measured on, read from {@code /proc} where there is one: CPU model and count,
 * memory, load average, JDK, OS. The load average is read at the start and at the end of a run, since
 * on a shared machine it says how much of the CPU the run did not have.
 *
 * @param startedAt   when the run started (UTC)
 * @param cpus        processors available to the JVM
 * @param cpuModel    {@code model name} from {@code /proc/cpuinfo}
 * @param memory      {@code MemTotal} from {@code /proc/meminfo}
 * @param loadAtStart {@code /proc/loadavg}'s 1/5/15-minute figures at the start
 * @param jdk         the JDK running the harness (Detour's processes use the same {@code java})
 * @param os          OS name, version and architecture
 */
public record MachineInfo(Instant startedAt, int cpus, String cpuModel, String memory, String loadAtStart, String jdk, String os) {

    /** The machine now. */
    public static MachineInfo capture() {
        return new MachineInfo(Instant.now(), Runtime.getRuntime().availableProcessors(), cpuinfo("model name"), meminfo(), loadAverage(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
    }

    /** {@code /proc/loadavg}'s first three figures now, or {@code ?}. */
    public static String loadAverage() {
        String line = read("/proc/loadavg");
        String[] parts = line.trim().split("\\s+");
        return parts.length >= 3 ? parts[0] + " " + parts[1] + " " + parts[2] : "?";
    }

    /** The start time as {@code 2026-12-02 14:05 UTC}. */
    public String startedAtText() {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC).format(startedAt);
    }

    /** One line for a report. */
    public String describe() {
        return cpus + " CPUs (" + cpuModel + "), " + memory + " RAM, " + os + "; " + jdk;
    }

    private static String cpuinfo(String key) {
        for (String line : read("/proc/cpuinfo").split("\n")) {
            if (line.startsWith(key)) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return "unknown CPU";
    }

    private static String meminfo() {
        for (String line : read("/proc/meminfo").split("\n")) {
            if (line.startsWith("MemTotal:")) {
                long kb = Long.parseLong(line.replaceAll("\\D", ""));
                return Math.round(kb / 1024.0 / 1024.0) + " GB";
            }
        }
        return "? GB";
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
