package dev.detour.health.risk;

import dev.detour.router.health.ToolHealth;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A set of risk flags, as read from a policy file. Immutable.
 *
 * <p>The file format, one flag per line; blank lines and lines starting with {@code #} are skipped:
 * <pre>
 * # tool          status        reason (the rest of the line, required)
 * search@brave    unavailable   vendor incident INC-4711
 * geo@eu-only     degraded:4    data-residency review pending
 * search@backup   healthy       operator override: keep in rotation
 * </pre>
 * {@code status} is {@code unavailable}, {@code degraded:<penalty>} (finite, ≥ 1) or {@code healthy}
 * (an override that beats every lower-priority monitor). A tool appears at most once.
 *
 * @param flags tool → its flag
 */
public record RiskPolicy(Map<String, Flag> flags) {

    public RiskPolicy {
        flags = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(flags));
    }

    /**
     * One flag.
     *
     * @param status the health to impose
     * @param reason why, shown in the tool's health and events
     */
    public record Flag(ToolHealth status, String reason) {
        public Flag {
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(reason, "reason");
            if (reason.isBlank()) {
                throw new IllegalArgumentException("a risk flag needs a reason");
            }
        }
    }

    /** Reads a policy file. */
    public static RiskPolicy read(Path file) throws IOException {
        return parse(file.toString(), Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    /**
     * Parses policy lines.
     *
     * @param source the file name used in error messages
     * @throws RiskPolicyException naming source, line and field on the first bad line
     */
    public static RiskPolicy parse(String source, List<String> lines) {
        Map<String, Flag> flags = new LinkedHashMap<>();
        Map<String, Integer> seenAt = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            int lineNo = i + 1;
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+", 3);
            String tool = parts[0];
            if (parts.length < 2) {
                throw new RiskPolicyException(source, lineNo, "status", "missing; expected unavailable, degraded:<penalty> or healthy after '" + tool + "'");
            }
            ToolHealth status = status(source, lineNo, parts[1]);
            if (parts.length < 3 || parts[2].isBlank()) {
                throw new RiskPolicyException(source, lineNo, "reason", "missing; say why '" + tool + "' is flagged");
            }
            Integer previous = seenAt.put(tool, lineNo);
            if (previous != null) {
                throw new RiskPolicyException(source, lineNo, "tool", "'" + tool + "' is already flagged on line " + previous);
            }
            flags.put(tool, new Flag(status, parts[2].strip()));
        }
        return new RiskPolicy(flags);
    }

    private static ToolHealth status(String source, int line, String text) {
        if (text.equals("unavailable")) {
            return ToolHealth.unavailable("");
        }
        if (text.equals("healthy")) {
            return ToolHealth.healthy();
        }
        if (text.startsWith("degraded:")) {
            String number = text.substring("degraded:".length());
            double penalty;
            try {
                penalty = Double.parseDouble(number);
            } catch (NumberFormatException e) {
                throw new RiskPolicyException(source, line, "status", "penalty '" + number + "' is not a number");
            }
            if (!(penalty >= 1) || Double.isInfinite(penalty)) {
                throw new RiskPolicyException(source, line, "status", "penalty must be finite and >= 1, was " + number
                        + " (use unavailable to take a tool out)");
            }
            return ToolHealth.degraded(penalty, "");
        }
        throw new RiskPolicyException(source, line, "status", "expected unavailable, degraded:<penalty> or healthy, got '" + text + "'");
    }
}
