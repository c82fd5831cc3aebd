package dev.detour.server.auth;

import dev.detour.router.InvalidFieldException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A static API key, stored as the SHA-256 of the key (never the key): a client sends the key as a
 * bearer token, Detour hashes it and compares the digests in constant time. API keys are long random
 * strings, so an unsalted fast hash is enough (they are not passwords). Generate one with
 * {@code openssl rand -base64 32 | tr -d '=+/'} and store {@code sha256:$(printf %s "$KEY" | sha256sum | cut -d' ' -f1)}.
 * Immutable.
 *
 * @param sha256  the key's SHA-256, lowercase hex
 * @param subject the principal's subject
 * @param tenant  the principal's tenant, or {@code null}
 * @param roles   the principal's roles
 * @param scopes  the principal's scopes
 */
public record ApiKey(String sha256, String subject, String tenant, Set<String> roles, Set<String> scopes) {

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    public ApiKey {
        sha256 = sha256 == null ? null : sha256.toLowerCase(Locale.ROOT);
        if (sha256 == null || !HEX.matcher(sha256).matches()) {
            throw new InvalidFieldException("sha256", "hash must be 'sha256:' followed by 64 hex digits (the key's SHA-256, not the key)");
        }
        if (subject == null || subject.isBlank()) {
            throw new InvalidFieldException("subject", "subject must name who holds the key");
        }
        roles = Set.copyOf(roles);
        scopes = Set.copyOf(scopes);
    }

    /** True when {@code presented} is this key: digests compared in constant time. */
    public boolean matches(byte[] presentedDigest) {
        return MessageDigest.isEqual(HexFormat.of().parseHex(sha256), presentedDigest);
    }

    /** The SHA-256 of a presented key. */
    public static byte[] digest(String presented) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(presented.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
