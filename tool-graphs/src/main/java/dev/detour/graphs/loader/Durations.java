package dev.detour.graphs.loader;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration grammar of Detour's YAML files — {@code detour.yaml} and scenario files alike: a
 * whole or decimal number, optional whitespace, then a unit, {@code ms}, {@code s}, {@code m} or
 * {@code h} (in any case). Examples: {@code 250ms}, {@code 1.5s}, {@code 30 s}, {@code 5m},
 * {@code 1h}. Values are exact to the nanosecond, {@link Duration}'s resolution; finer fractions are
 * rounded half up. Whether zero is acceptable is for the field to say, not the grammar.
 *
 * <p>Stateless and thread-safe.
 */
public final class Durations {

    /** The grammar as a regular expression over the whole value, case-insensitive. */
    public static final Pattern GRAMMAR = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)", Pattern.CASE_INSENSITIVE);

    /** How a problem with a duration starts; {@link #parse} and {@link NodeReader#duration} add what was found. */
    static final String EXPECTED = "expected a duration such as 250ms, 1.5s, 5m or 1h";

    private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000L);

    private Durations() {
    }

    /**
     * Parses one duration; surrounding whitespace is ignored.
     *
     * @throws IllegalArgumentException naming {@code text} when it does not follow the grammar or is
     *                                  too long for a {@link Duration}
     */
    public static Duration parse(String text) {
        Objects.requireNonNull(text, "text");
        Matcher m = GRAMMAR.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(EXPECTED + ", found '" + text + "'");
        }
        long nanosPerUnit = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
        };
        BigInteger nanos = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(nanosPerUnit)).setScale(0, RoundingMode.HALF_UP).toBigInteger();
        BigInteger[] secondsAndNanos = nanos.divideAndRemainder(NANOS_PER_SECOND);
        try {
            return Duration.ofSeconds(secondsAndNanos[0].longValueExact(), secondsAndNanos[1].longValue());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is too long a duration", e);
        }
    }
}
