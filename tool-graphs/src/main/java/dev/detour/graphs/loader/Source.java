package dev.detour.graphs.loader;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a YAML document comes from: a file, a class-path resource, or text in memory. A source can
 * resolve a path relative to itself, which is how a scenario names its graph.
 */
public sealed interface Source {

    /** The name used in problems (the path as the user gave it). */
    String name();

    /** The document's text. @throws UncheckedIOException when it cannot be read */
    String read();

    /** The source at {@code path}, relative to this one unless it is absolute or starts with {@code classpath:}. */
    Source resolve(String path);

    /** A file on disk. */
    static Source file(Path path) {
        return new FileSource(path);
    }

    /** A resource on the class path of this library, e.g. {@code graphs/linear/support-ticket.yaml}. */
    static Source classpath(String resource) {
        return new ClasspathSource(resource.startsWith("/") ? resource.substring(1) : resource);
    }

    /** Text in memory; relative paths resolve against the working directory. */
    static Source text(String name, String text) {
        return new TextSource(name, text);
    }

    /** A file path, or a class-path resource when prefixed with {@code classpath:}. */
    static Source of(String location) {
        return location.startsWith(ClasspathSource.PREFIX)
                ? classpath(location.substring(ClasspathSource.PREFIX.length()))
                : file(Path.of(location));
    }

    /** A file on disk. */
    record FileSource(Path path) implements Source {
        public FileSource {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String name() {
            return path.toString();
        }

        @Override
        public String read() {
            try {
                return Files.readString(path, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
            }
        }

        @Override
        public Source resolve(String other) {
            if (other.startsWith(ClasspathSource.PREFIX)) {
                return Source.of(other);
            }
            Path parent = path.toAbsolutePath().getParent();
            return new FileSource(parent == null ? Path.of(other) : parent.resolve(other).normalize());
        }
    }

    /** A class-path resource. */
    record ClasspathSource(String resource) implements Source {
        static final String PREFIX = "classpath:";

        @Override
        public String name() {
            return PREFIX + resource;
        }

        @Override
        public String read() {
            try (InputStream in = Source.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new UncheckedIOException(new IOException("no class-path resource " + resource));
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + name() + ": " + e.getMessage(), e);
            }
        }

        @Override
        public Source resolve(String other) {
            if (other.startsWith(PREFIX)) {
                return Source.of(other);
            }
            int slash = resource.lastIndexOf('/');
            String base = slash < 0 ? "" : resource.substring(0, slash + 1);
            return new ClasspathSource(Path.of(base + other).normalize().toString().replace('\\', '/'));
        }
    }

    /** Text in memory. */
    record TextSource(String name, String text) implements Source {
        @Override
        public String read() {
            return text;
        }

        @Override
        public Source resolve(String other) {
            return Source.of(other);
        }
    }
}
