package dev.detour.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A section of a Markdown file that a harness writes, between
 * {@code <!-- generated: NAME -->} and {@code <!-- end generated: NAME -->}, so the published table is
 * the harness's output and never typed by hand.
 */
public final class GeneratedSection {

    private GeneratedSection() {
    }

    /** {@code text} with the section {@code name} replaced by {@code content}. @throws IllegalArgumentException when the markers are missing */
    public static String replace(String text, String name, String content) {
        String begin = "<!-- generated: " + name + " -->";
        String end = "<!-- end generated: " + name + " -->";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("no section '" + name + "': the file needs the lines " + begin + " and " + end);
        }
        return text.substring(0, from + begin.length()) + "\n" + content.strip() + "\n" + text.substring(to);
    }

    /** Writes {@code content} into {@code file}'s section {@code name}. */
    public static void write(Path file, String name, String content) {
        try {
            Files.writeString(file, replace(Files.readString(file), name, content));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update " + file + ": " + e.getMessage(), e);
        }
    }
}
