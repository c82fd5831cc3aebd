package dev.detour.bench.load.process;

import java.time.Duration;

/** CPU time of a process, as the operating system reports it (user + system); zero when it cannot be read. */
public final class ProcessCpu {

    private ProcessCpu() {
    }

    /** The CPU time {@code process} has used so far. */
    public static Duration of(ProcessHandle process) {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** The CPU time this JVM (the load generator) has used so far. */
    public static Duration self() {
        return of(ProcessHandle.current());
    }
}
