package dev.detour.bench.load.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command lines for the Java programs the harness starts: Detour's CLI — from its packaged jar, as a
 * user runs it, or from a class path (the smoke tests, which run before anything is packaged) — and
 * the fast upstream fixture from the harness's own class path.
 */
public final class JavaCommand {

    /** Detour's CLI entry point, for the class-path form. */
    public static final String DETOUR_MAIN = "dev.detour.server.cli.DetourCommand";
    /** The fixture's entry point. */
    public static final String FIXTURE_MAIN = "dev.detour.bench.load.fixture.EchoUpstream";
    /**
     * JVM options of the fixture processes: a small heap and the serial collector, so the upstream
     * pauses little and leaves the cores to what is measured.
     */
    public static final List<String> FIXTURE_JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC");

    private JavaCommand() {
    }

    /** The {@code java} executable of the running JVM. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * {@code java [jvmOptions] -jar JAR args…} when {@code jar} is not null, else
     * {@code java [jvmOptions] -cp CLASSPATH DetourCommand args…}.
     */
    public static List<String> detour(Path jar, String classPath, List<String> jvmOptions, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(jvmOptions);
        if (jar != null) {
            command.add("-jar");
            command.add(jar.toString());
        } else {
            command.add("-cp");
            command.add(classPath);
            command.add(DETOUR_MAIN);
        }
        command.addAll(args);
        return command;
    }

    /**
     * The fast upstream fixture with {@code args} ({@code --http …} or {@code --stdio …}), from this
     * JVM's class path, with {@link #FIXTURE_JVM_OPTIONS} and then {@code jvmOptions}.
     */
    public static List<String> fixture(List<String> jvmOptions, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(FIXTURE_JVM_OPTIONS);
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(FIXTURE_MAIN);
        command.addAll(args);
        return command;
    }
}
