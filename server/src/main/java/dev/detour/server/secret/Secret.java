package dev.detour.server.secret;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A value that must never be printed: a header carrying a token, an OAuth client secret, an
 * environment variable handed to a stdio child. {@link #toString()} masks it, so a secret that ends
 * up in a log line, an exception message, a metric tag or {@code detour validate} output shows as
 * {@value #MASK}; only {@link #reveal()} gives the value, and only the code that puts it on the wire
 * calls it. Equality compares values in constant time (a reload must see a rotated secret as a
 * change). Immutable.
 */
public final class Secret {

    /** What every secret prints as. */
    public static final String MASK = "****";

    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /** Wraps a value read from the config, the environment or a file. */
    public static Secret of(String value) {
        return new Secret(value);
    }

    /** The value itself: for the one place that sends it. */
    public String reveal() {
        return value;
    }

    /** True when the value is empty. */
    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret s && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8), s.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        // Constant: a hash would leak a little of the value, and secrets are never map keys at scale.
        return 0x5ec2e7;
    }

    @Override
    public String toString() {
        return MASK;
    }
}
