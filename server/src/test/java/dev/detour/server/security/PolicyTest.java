package dev.detour.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.server.mcp.JsonRpc;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code policy:} at the boundary, end to end: what a principal sees, what it may call — checked
 * separately, since a list that hides a tool proves nothing about the call — and that healing stays
 * inside what the principal may use.
 */
class PolicyTest {

    @TempDir
    static Path dir;

    static SecureSidecar detour;
    static SecureSidecar.Client alice;
    static SecureSidecar.Client bob;

    @BeforeAll
    static void start() throws Exception {
        detour = new SecureSidecar(dir);
        alice = detour.client(detour.token("alice", "a"));
        alice.initialize();
        bob = detour.client(detour.token("bob", "b"));
        bob.initialize();
    }

    @AfterAll
    static void stop() throws Exception {
        detour.close();
    }

    /** The error object of an answer, without the id (which differs per request). */
    private static JsonNode error(JsonNode response) {
        return response.path("error");
    }

    @Test
    void eachRoleSeesOnlyItsOwnTools() {
        assertThat(alice.toolNames()).containsExactlyInAnyOrder("search", "a_read", "a_write");
        assertThat(bob.toolNames()).containsExactlyInAnyOrder("search", "b_read", "shared");
    }

    @Test
    void eachRoleCallsItsOwnTools() {
        assertThat(alice.call("a_read").path("result").path("content").get(0).path("text").asText()).isEqualTo("a_read from alpha");
        assertThat(bob.call("b_read").path("result").path("content").get(0).path("text").asText()).isEqualTo("b_read from beta");
    }

    @Test
    void anotherRolesToolCalledWithoutListingAnswersExactlyAsAnUnknownTool() {
        // A fresh session that never listed: the call is refused where it is dispatched, not by a list filter.
        SecureSidecar.Client fresh = detour.client(alice.token);
        fresh.initialize();

        JsonNode denied = fresh.call("b_read");
        JsonNode unknown = fresh.call("no_such_tool");

        assertThat(error(denied).path("code").asInt()).isEqualTo(-32602);
        assertThat(error(denied).path("message").asText()).isEqualTo("Unknown tool: 'b_read'");
        assertThat(error(unknown).path("message").asText()).isEqualTo("Unknown tool: 'no_such_tool'");
        assertThat(withoutNames(denied)).isEqualTo(withoutNames(unknown));
        assertThat(detour.beta.calls()).noneMatch(c -> c.path("params").path("name").asText().equals("b_read")
                && c.path("params").path("_meta").path("dev.detour/principal").path("sub").asText().equals("alice"));
    }

    @Test
    void anotherRolesToolCalledAfterListingIsRefusedToo() {
        alice.toolNames();
        assertThat(error(alice.call("shared")).path("message").asText()).isEqualTo("Unknown tool: 'shared'");
        assertThat(error(bob.call("a_write")).path("message").asText()).isEqualTo("Unknown tool: 'a_write'");
    }

    @Test
    void aLogicalToolFailsOverOnlyToProvidersThePrincipalMayUse() {
        // alice may route search through beta only; bob through both. alpha is the cheaper provider.
        JsonNode aliceAnswer = alice.call("search").path("result");
        JsonNode bobAnswer = bob.call("search").path("result");

        assertThat(aliceAnswer.path("content").get(0).path("text").asText()).isEqualTo("find from beta");
        assertThat(bobAnswer.path("content").get(0).path("text").asText()).isEqualTo("find from alpha");

        detour.beta.failing("find");
        try {
            JsonNode failed = alice.call("search").path("result");
            assertThat(failed.path("isError").asBoolean()).isTrue();
            List<String> tried = new ArrayList<>();
            failed.path("_meta").path("dev.detour/route").path("steps").forEach(s -> tried.add(s.path("tool").asText()));
            assertThat(tried).isNotEmpty().allMatch(t -> t.endsWith("@beta"));
        } finally {
            detour.beta.healthy("find");
        }
    }

    @Test
    void resourcesAndPromptsAreFilteredAndRefusedLikeUnknownOnes() {
        assertThat(names(bob.rpc("resources/list", JsonRpc.MAPPER.createObjectNode()).response(), "resources", "uri"))
                .containsExactly("mem://beta/doc");
        assertThat(names(alice.rpc("resources/list", JsonRpc.MAPPER.createObjectNode()).response(), "resources", "uri")).isEmpty();
        assertThat(names(alice.rpc("prompts/list", JsonRpc.MAPPER.createObjectNode()).response(), "prompts", "name")).isEmpty();

        JsonNode read = alice.rpc("resources/read", JsonRpc.MAPPER.createObjectNode().put("uri", "mem://beta/doc")).response();
        assertThat(error(read).path("code").asInt()).isEqualTo(-32002);
        assertThat(error(read).path("message").asText()).isEqualTo("Resource not found: 'mem://beta/doc'");
        JsonNode prompt = alice.rpc("prompts/get", JsonRpc.MAPPER.createObjectNode().put("name", "beta_prompt")).response();
        assertThat(error(prompt).path("message").asText()).isEqualTo("Unknown prompt: 'beta_prompt'");

        assertThat(bob.rpc("resources/read", JsonRpc.MAPPER.createObjectNode().put("uri", "mem://beta/doc")).response().has("result")).isTrue();
    }

    @Test
    void aClientCannotSpeakForItselfToAnUpstreamThatTrustsForwardedIdentity() {
        ObjectNode params = JsonRpc.MAPPER.createObjectNode().put("name", "b_read");
        params.putObject("arguments");
        params.putObject("_meta").putObject("dev.detour/principal").put("sub", "root").putArray("roles").add("admin");

        JsonNode result = bob.rpc("tools/call", params).response().path("result");

        JsonNode forwarded = result.path("_meta").path("dev.detour/principal");
        assertThat(forwarded.path("sub").asText()).isEqualTo("bob");
        assertThat(forwarded.path("tenant").asText()).isEqualTo("acme");
        assertThat(forwarded.path("roles").get(0).asText()).isEqualTo("b");
    }

    @Test
    void aHealingCallTellsAnUpstreamThatForwardsIdentityWhoItIsFor() {
        // alice's search goes to beta (forwardIdentity: true); bob's to alpha (off)
        alice.call("search");
        bob.call("search");

        assertThat(detour.beta.calls()).anySatisfy(c -> {
            assertThat(c.path("params").path("name").asText()).isEqualTo("find");
            assertThat(c.path("params").path("_meta").path("dev.detour/principal").path("sub").asText()).isEqualTo("alice");
        });
        assertThat(detour.alpha.calls()).isNotEmpty().allSatisfy(c -> assertThat(c.path("params").path("_meta").has("dev.detour/principal")).isFalse());
    }

    @Test
    void clientInfoNeverBecomesThePrincipal() {
        // The fixture's clientInfo claims to be "admin-says-the-client"; the audit and the upstream see the token's subject.
        JsonNode result = bob.call("b_read").path("result");
        assertThat(result.path("_meta").path("dev.detour/principal").path("sub").asText()).isEqualTo("bob");
    }

    private static JsonNode withoutNames(JsonNode response) {
        ObjectNode e = response.path("error").deepCopy();
        e.put("message", e.path("message").asText().replaceAll("'[^']*'", "'…'"));
        return e;
    }

    private static List<String> names(JsonNode response, String field, String key) {
        List<String> out = new ArrayList<>();
        response.path("result").path(field).forEach(i -> out.add(i.path(key).asText()));
        return out;
    }
}
