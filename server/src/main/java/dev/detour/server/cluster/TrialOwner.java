package dev.detour.server.cluster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * Which member runs a tool's recovery trials: rendezvous (highest-random-weight) hashing of the tool
 * over the members currently holding it down. Every member computes it from the same verdicts, so all
 * agree without a round of messages; a holder that recovers or leaves moves the trials to the next
 * one, and the others keep theirs.
 */
final class TrialOwner {

    private TrialOwner() {
    }

    /** The owner among {@code holders} of {@code tool}'s trials; empty when nobody holds it down. */
    static Optional<String> among(String tool, Collection<String> holders) {
        return holders.stream().max(Comparator.comparingLong((String node) -> weight(node, tool)).thenComparing(Comparator.naturalOrder()));
    }

    private static long weight(String node, String tool) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((node + '\n' + tool).getBytes(StandardCharsets.UTF_8));
            long weight = 0;
            for (int i = 0; i < Long.BYTES; i++) {
                weight = (weight << 8) | (digest[i] & 0xff);
            }
            return weight;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
