package dev.detour.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.detour.graphs.ConfigException;
import dev.detour.graphs.ConfigProblem;
import dev.detour.graphs.loader.Source;
import dev.detour.server.identity.Principal;
import dev.detour.server.policy.Access;
import dev.detour.server.policy.PolicyConfig;
import dev.detour.server.secret.SecretTemplates;
import dev.detour.server.upstream.UpstreamSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The identity sections of {@code detour.yaml}: what loads, and every problem at its line, never quoting a secret. */
class IdentityConfigTest {

    @TempDir
    Path dir;

    static final String UPSTREAMS = """
            upstreams:
              gh:
                url: https://api.example.com/mcp
                headers: {Authorization: "Bearer ${env:GH_TOKEN}", X-Team: core}
              crm:
                url: https://crm.example.com/mcp
                oauth: {tokenUrl: https://idp.example.com/token, clientId: detour, clientSecret: "${file:%s}", scopes: [crm.read]}
                forwardIdentity: true
              fs:
                command: [fs-mcp, /data]
                env: {FS_TOKEN: "${env:FS_TOKEN}"}
            """;

    private DetourConfig load(String text) {
        return ConfigLoader.load(Source.text("detour.yaml", text), SecretTemplates.of(Map.of("GH_TOKEN", "gh-secret", "FS_TOKEN", "fs-secret")));
    }

    private List<ConfigProblem> problems(String text) {
        try {
            load(text);
        } catch (ConfigException e) {
            return e.problems();
        }
        throw new AssertionError("loaded");
    }

    @Test
    void theWholeIdentityConfigLoads() throws Exception {
        Path secret = Files.writeString(dir.resolve("crm-secret"), "crm-client-secret\n");
        byte[] spki = new RSAKeyGenerator(2048).generate().toRSAPublicKey().getEncoded();
        Path pem = Files.writeString(dir.resolve("issuer.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(spki) + "\n-----END PUBLIC KEY-----\n");
        DetourConfig config = load(UPSTREAMS.formatted(secret) + """
                auth:
                  resource: https://detour.example.com/mcp
                  authorizationServers: [https://idp.example.com]
                  requiredScopes: [mcp]
                  jwt: {issuer: https://idp.example.com, keyFile: %s, clockSkew: 10s, rolesClaim: groups, tenantClaim: tid}
                  apiKeys: [{hash: "sha256:%s", subject: ci, roles: [ops]}]
                policy:
                  rules:
                    - {roles: [ops], tools: ["*"], logicalTools: ["*"], goalTools: ["*"], resources: ["*"], prompts: ["*"]}
                limits: {calls: 60, per: 1m, concurrentCalls: 4, sessionRequests: 1000, maxBodyBytes: 65536}
                audit: {to: stdout, arguments: true}
                admin: {apiKeys: [{hash: "sha256:%s", subject: prometheus}]}
                """.formatted(pem, "a".repeat(64), "b".repeat(64)));

        UpstreamSpec.Http gh = (UpstreamSpec.Http) config.upstream("gh").orElseThrow();
        assertThat(gh.credentials().headers().get("Authorization").reveal()).isEqualTo("Bearer gh-secret");
        assertThat(gh.credentials().headers().get("X-Team").reveal()).isEqualTo("core");
        assertThat(gh.toString()).doesNotContain("gh-secret");
        UpstreamSpec.Http crm = (UpstreamSpec.Http) config.upstream("crm").orElseThrow();
        assertThat(crm.credentials().oauth().clientSecret().reveal()).isEqualTo("crm-client-secret");
        assertThat(crm.forwardIdentity()).isTrue();
        assertThat(((UpstreamSpec.Stdio) config.upstream("fs").orElseThrow()).env().get("FS_TOKEN").reveal()).isEqualTo("fs-secret");
        assertThat(config.toString()).doesNotContain("gh-secret", "crm-client-secret", "fs-secret");
        assertThat(config.auth().jwt().clockSkew()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.auth().jwt().keys().getKeys()).hasSize(1);
        assertThat(config.auth().metadataUrl()).isEqualTo("https://detour.example.com/.well-known/oauth-protected-resource/mcp");
        assertThat(config.limits().concurrentCalls()).isEqualTo(4);
        assertThat(config.audit().arguments()).isTrue();
        assertThat(config.admin().apiKeys()).hasSize(1);
    }

    static final Path SECURE_EXAMPLE = Path.of("..", "docs", "examples", "detour-secure.yaml");

    @Test
    void theSecureExampleLoadsAndMatchesThePublishedSchema() throws Exception {
        DetourConfig config = ConfigLoader.load(Source.file(SECURE_EXAMPLE),
                SecretTemplates.of(Map.of("GITHUB_TOKEN", "t", "CRM_CLIENT_SECRET", "s")));
        assertThat(config.policy().rules()).hasSize(3);
        assertThat(config.auth().jwt().jwksUrl()).hasToString("https://idp.example.com/.well-known/jwks.json");

        com.networknt.schema.Schema schema;
        try (java.io.InputStream in = getClass().getClassLoader().getResourceAsStream("schema/detour-config.schema.json")) {
            schema = com.networknt.schema.SchemaRegistry.withDefaultDialect(com.networknt.schema.SpecificationVersion.DRAFT_2020_12)
                    .getSchema(new com.fasterxml.jackson.databind.ObjectMapper().readTree(in));
        }
        Object yaml = new org.yaml.snakeyaml.Yaml(new org.yaml.snakeyaml.constructor.SafeConstructor(new org.yaml.snakeyaml.LoaderOptions()))
                .load(Files.readString(SECURE_EXAMPLE));
        assertThat(schema.validate(new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(yaml))).isEmpty();
    }

    @Test
    void everyIdentityProblemIsReportedAtItsLineWithoutQuotingASecret() {
        List<ConfigProblem> problems = problems("""
                upstreams:
                  gh:
                    url: https://api.example.com/mcp
                    headers: {Authorization: "Bearer ${env:MISSING}", Host: "x", "Bad Header": v}
                  fs: {command: [cat], headers: {X: y}}
                auth:
                  authorizationServers: [https://idp.example.com]
                  jwt: {issuer: https://idp.example.com}
                  apiKeys: [{hash: "my-raw-api-key-0123456789", subject: ci}]
                policy:
                  rules:
                    - {logicalTools: [search]}
                    - {roles: [a], providers: ["x/*"]}
                    - {roles: [a], tools: [nope]}
                    - {roles: [a], tool: ["x/y"]}
                limits: {calls: -1}
                audit: {to: relative/audit.log}
                """);

        assertThat(problems).extracting(ConfigProblem::field).contains("upstreams.gh.headers.Authorization", "upstreams.gh.headers.Host",
                "upstreams.gh.headers.Bad Header", "upstreams.fs.headers", "auth.resource", "auth.jwt", "auth.apiKeys[0].hash",
                "policy.rules[0]", "policy.rules[1].providers", "policy.rules[2].tools", "policy.rules[3].tool", "limits.calls", "audit.to");
        assertThat(problems).allSatisfy(p -> assertThat(p.line()).isPositive());
        assertThat(problems.toString()).contains("environment variable MISSING is not set").doesNotContain("my-raw-api-key");
    }

    @Test
    void aPolicyDeniesByDefaultAndGrantsAddUp() {
        DetourConfig config = load("""
                upstreams: {up: {url: http://127.0.0.1:9/mcp}}
                logicalTools:
                  search:
                    description: s
                    providers: [{upstream: up, tool: find}]
                policy:
                  rules:
                    - {roles: [a], tools: ["up/read_*"]}
                    - {scopes: [files], resources: ["file:///kb/*"]}
                    - {subjects: [ci], tenants: [acme], logicalTools: [search]}
                """);
        PolicyConfig policy = config.policy();
        Access none = policy.access(Principal.anonymous(), n -> null, Set.of());
        Access a = policy.access(new Principal("u", null, Set.of("a"), Set.of("files"), Principal.Method.JWT), n -> null, Set.of());
        Access ciAcme = policy.access(new Principal("ci", "acme", Set.of(), Set.of(), Principal.Method.API_KEY),
                n -> n.equals("search") ? Set.of("up/find") : null, Set.of());
        Access ciOther = policy.access(new Principal("ci", "other", Set.of(), Set.of(), Principal.Method.API_KEY),
                n -> n.equals("search") ? Set.of("up/find") : null, Set.of());

        assertThat(none.tool("up", "read_x")).isFalse();
        assertThat(a.tool("up", "read_x")).isTrue();
        assertThat(a.tool("up", "write_x")).isFalse();
        assertThat(a.resource("file:///kb/a.md")).isTrue();
        assertThat(a.resource("file:///etc/passwd")).isFalse();
        assertThat(a.ownTool("search")).isFalse();
        assertThat(ciAcme.ownTool("search")).isTrue();
        assertThat(ciOther.ownTool("search")).isFalse();
        assertThat(PolicyConfig.providers(policy.rulesFor(new Principal("ci", "acme", Set.of(), Set.of(), Principal.Method.API_KEY)),
                "search", Set.of("up/find"))).containsExactly("up/find");
    }

    @Test
    void anEmptyRuleListDeniesEverything() {
        DetourConfig config = load("upstreams: {up: {url: http://127.0.0.1:9/mcp}}\npolicy: {rules: []}\n");
        Access ops = config.policy().access(new Principal("root", null, Set.of("ops"), Set.of(), Principal.Method.JWT), n -> null, Set.of());
        assertThat(ops.tool("up", "anything")).isFalse();
    }

    @Test
    void aReloadThatChangesAuthIsNotStartupSafe() {
        DetourConfig before = load("upstreams: {up: {url: http://127.0.0.1:9/mcp}}\n");
        DetourConfig after = load("upstreams: {up: {url: http://127.0.0.1:9/mcp}}\nauth: {resource: https://d.test/mcp, apiKeys: [{hash: \"sha256:"
                + "c".repeat(64) + "\", subject: x}]}\n");
        assertThat(before.sameStartupSecurity(load("upstreams: {up: {url: http://127.0.0.1:9/mcp}}\npolicy: {rules: []}\n"))).isTrue();
        assertThat(before.sameStartupSecurity(after)).isFalse();
        assertThatThrownBy(() -> load("upstreams: {up: {url: http://127.0.0.1:9/mcp}}\nauth: {resource: https://d.test/mcp}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("auth accepts no credential");
    }
}
