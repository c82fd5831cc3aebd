package dev.detour.server.config;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.detour.graphs.loader.NodeReader;
import dev.detour.graphs.loader.NodeReader.Entry;
import dev.detour.graphs.loader.NodeReader.Located;
import dev.detour.server.auth.ApiKey;
import dev.detour.server.auth.AuthConfig;
import dev.detour.server.auth.JwtConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads the {@code auth:} section (client authentication on the MCP listener) and the
 * {@code apiKeys} lists it shares with {@code admin:}.
 */
final class AuthReader {

    private static final List<String> KEYS = List.of("resource", "authorizationServers", "jwt", "apiKeys", "requiredScopes");
    private static final List<String> JWT_KEYS = List.of("issuer", "jwksUrl", "keyFile", "clockSkew", "rolesClaim", "tenantClaim", "jwksRefresh");
    private static final List<String> KEY_KEYS = List.of("hash", "subject", "tenant", "roles", "scopes");
    private static final String HASH_PREFIX = "sha256:";

    private final NodeReader r;
    private final Path base;

    /** @param base the directory relative key files resolve against */
    AuthReader(NodeReader r, Path base) {
        this.r = r;
        this.base = base;
    }

    Optional<AuthConfig> read(Entry section) {
        Optional<Fields> fields = Fields.of(r, section, KEYS);
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        Fields f = fields.get();
        int before = r.problems().size();
        Optional<URI> resource = f.required("resource", "name this server's canonical URI, e.g. resource: https://detour.example.com/mcp")
                .flatMap(e -> uri(e.value(), e.path()));
        List<URI> servers = new ArrayList<>();
        if (f.has("authorizationServers")) {
            Entry e = f.get("authorizationServers");
            for (Located s : r.strings(e.value(), e.path())) {
                uri(s.node(), e.path()).ifPresent(servers::add);
            }
        }
        JwtConfig jwt = f.has("jwt") ? jwt(f.get("jwt")).orElse(null) : null;
        List<ApiKey> keys = f.has("apiKeys") ? apiKeys(f.get("apiKeys")) : List.of();
        Set<String> scopes = f.has("requiredScopes") ? strings(f.get("requiredScopes")) : Set.of();
        if (r.problems().size() > before || resource.isEmpty()) {
            return Optional.empty();
        }
        return f.build(() -> new AuthConfig(resource.get(), servers, jwt, keys, scopes), "correct auth as the message says");
    }

    private Optional<JwtConfig> jwt(Entry e) {
        Optional<Fields> fields = Fields.of(r, e, JWT_KEYS);
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        Fields f = fields.get();
        int before = r.problems().size();
        Optional<String> issuer = f.required("issuer", "write the issuer exactly as its tokens' iss claim, e.g. issuer: https://idp.example.com")
                .flatMap(x -> f.string("issuer"));
        URI jwks = f.has("jwksUrl") ? uri(f.get("jwksUrl").value(), f.get("jwksUrl").path()).orElse(null) : null;
        JWKSet keys = f.has("keyFile") ? f.string("keyFile").flatMap(p -> keyFile(f.get("keyFile"), p)).orElse(null) : null;
        Duration skew = f.duration("clockSkew").orElse(JwtConfig.DEFAULT_CLOCK_SKEW);
        String roles = f.string("rolesClaim").orElse(JwtConfig.DEFAULT_ROLES_CLAIM);
        String tenant = f.string("tenantClaim").orElse(JwtConfig.DEFAULT_TENANT_CLAIM);
        Duration refresh = f.duration("jwksRefresh").orElse(JwtConfig.DEFAULT_JWKS_REFRESH);
        if (r.problems().size() > before || issuer.isEmpty()) {
            return Optional.empty();
        }
        if (jwks == null && keys == null && !f.has("jwksUrl") && !f.has("keyFile")) {
            r.problem(e.keyNode(), e.path(), "neither 'jwksUrl' nor 'keyFile' is given",
                    "give the issuer's JWK Set URL (jwksUrl: https://idp/.well-known/jwks.json) or a public key file (keyFile: issuer.pem)");
            return Optional.empty();
        }
        return f.build(() -> new JwtConfig(jwks, keys, issuer.get(), skew, roles, tenant, refresh), Map.of("keys", "keyFile"),
                key -> "correct jwt." + (key == null ? "" : key) + " as the message says");
    }

    /** A JWK Set (JSON) or PEM public keys; the file's problems at its key. */
    private Optional<JWKSet> keyFile(Entry e, String path) {
        Path file = base.resolve(path);
        try {
            String text = Files.readString(file);
            JWKSet set = text.stripLeading().startsWith("{") ? JWKSet.parse(text) : new JWKSet(pem(text));
            return Optional.of(set);
        } catch (IOException ex) {
            r.problem(e.value(), e.path(), "cannot read key file " + file, "check the path (relative to the config file) and its permissions");
        } catch (java.text.ParseException | java.security.GeneralSecurityException | RuntimeException ex) {
            r.problem(e.value(), e.path(), "key file " + file + " holds no JWK Set or PEM public key",
                    "give a JWKS JSON file or a PEM file with the issuer's public key(s)");
        }
        return Optional.empty();
    }

    /** The public keys of PEM {@code PUBLIC KEY} (SPKI) and {@code CERTIFICATE} blocks, read with the JDK's own decoders. */
    private static List<JWK> pem(String text) throws java.security.GeneralSecurityException {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----").matcher(text);
        List<JWK> keys = new ArrayList<>();
        while (m.find()) {
            byte[] der = java.util.Base64.getMimeDecoder().decode(m.group(2));
            java.security.PublicKey key = switch (m.group(1)) {
                case "PUBLIC KEY" -> publicKey(der);
                case "CERTIFICATE" -> java.security.cert.CertificateFactory.getInstance("X.509")
                        .generateCertificate(new java.io.ByteArrayInputStream(der)).getPublicKey();
                default -> null;
            };
            if (key instanceof java.security.interfaces.RSAPublicKey rsa) {
                keys.add(new com.nimbusds.jose.jwk.RSAKey.Builder(rsa).build());
            } else if (key instanceof java.security.interfaces.ECPublicKey ec) {
                keys.add(new com.nimbusds.jose.jwk.ECKey.Builder(com.nimbusds.jose.jwk.Curve.forECParameterSpec(ec.getParams()), ec).build());
            }
        }
        if (keys.isEmpty()) {
            throw new java.security.spec.InvalidKeySpecException("no RSA or EC public key");
        }
        return keys;
    }

    private static java.security.PublicKey publicKey(byte[] der) throws java.security.GeneralSecurityException {
        java.security.spec.X509EncodedKeySpec spec = new java.security.spec.X509EncodedKeySpec(der);
        try {
            return java.security.KeyFactory.getInstance("RSA").generatePublic(spec);
        } catch (java.security.spec.InvalidKeySpecException notRsa) {
            return java.security.KeyFactory.getInstance("EC").generatePublic(spec);
        }
    }

    /** A list of API keys, each stored as its SHA-256. */
    List<ApiKey> apiKeys(Entry e) {
        List<ApiKey> keys = new ArrayList<>();
        r.sequence(e.value(), e.path()).ifPresent(items -> {
            for (int i = 0; i < items.size(); i++) {
                Node item = items.get(i);
                String path = e.path() + "[" + i + "]";
                Fields.of(r, item, path, item, KEY_KEYS).flatMap(f -> apiKey(f, item, path)).ifPresent(keys::add);
            }
        });
        return keys;
    }

    private Optional<ApiKey> apiKey(Fields f, Node at, String path) {
        int before = r.problems().size();
        Optional<String> hash = f.required("hash", "store the key's hash, never the key: hash: sha256:<64 hex digits>").flatMap(x -> f.string("hash"));
        Optional<String> subject = f.required("subject", "name who holds the key, e.g. subject: ci-bot").flatMap(x -> f.string("subject"));
        String tenant = f.string("tenant").orElse(null);
        Set<String> roles = f.has("roles") ? strings(f.get("roles")) : Set.of();
        Set<String> scopes = f.has("scopes") ? strings(f.get("scopes")) : Set.of();
        if (r.problems().size() > before || hash.isEmpty() || subject.isEmpty()) {
            return Optional.empty();
        }
        if (!hash.get().startsWith(HASH_PREFIX)) {
            // The value is not quoted: it may be the key itself, pasted by mistake.
            r.problem(f.get("hash").value(), path + ".hash", "a hash must start with 'sha256:'",
                    "store sha256:$(printf %s \"$KEY\" | sha256sum | cut -d' ' -f1), never the key itself");
            return Optional.empty();
        }
        return f.build(() -> new ApiKey(hash.get().substring(HASH_PREFIX.length()), subject.get(), tenant, roles, scopes),
                Map.of("sha256", "hash"), key -> "store sha256: followed by the 64 hex digits of the key's SHA-256");
    }

    private Set<String> strings(Entry e) {
        Set<String> out = new HashSet<>();
        r.strings(e.value(), e.path()).forEach(l -> out.add(l.value()));
        return out;
    }

    private Optional<URI> uri(Node node, String path) {
        return r.string(node, path).flatMap(text -> {
            try {
                URI uri = new URI(text);
                if (!uri.isAbsolute() || uri.getHost() == null) {
                    throw new java.net.URISyntaxException(text, "not an absolute URI with a host");
                }
                return Optional.of(uri);
            } catch (java.net.URISyntaxException ex) {
                r.problem(node, path, "'" + text + "' is not an absolute URI", "write a full URL, e.g. https://idp.example.com");
                return Optional.empty();
            }
        });
    }
}
