package dev.detour.server.observe;

import static dev.detour.server.observe.K8sManifestsTest.containers;
import static dev.detour.server.observe.K8sManifestsTest.documentedAdminPort;
import static dev.detour.server.observe.K8sManifestsTest.generatedConfigFiles;
import static dev.detour.server.observe.K8sManifestsTest.only;
import static dev.detour.server.observe.K8sManifestsTest.strings;
import static dev.detour.server.observe.K8sManifestsTest.texts;
import static dev.detour.server.observe.K8sManifestsTest.yamlDocumentsUnder;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.detour.server.cli.DetourCommand;
import dev.detour.server.cluster.ClusterConfig;
import dev.detour.server.config.ConfigLoader;
import dev.detour.server.config.DetourConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import picocli.CommandLine;

/**
 * {@code k8s/overlays/cluster}, the replicated Detour, agrees with the server: its config loads with the
 * real {@link ConfigLoader} and joins through the headless Service the overlay defines, on the port the
 * pods declare; the replicas' arguments are what {@code detour serve} accepts; the MCP Service keeps a
 * client on one replica; the discovery has the read access it needs; the README says how sessions and
 * replicas go together.
 */
class K8sClusterOverlayTest {

    static final Path OVERLAY = K8sManifestsTest.K8S.resolve("overlays/cluster");
    static final int HAZELCAST_PORT = 5701;

    static List<K8sManifestsTest.Manifest> manifests;
    static JsonNode podSpec;
    static JsonNode detour;

    @BeforeAll
    static void readTheOverlay() throws IOException {
        manifests = yamlDocumentsUnder(OVERLAY);
        podSpec = manifest("Deployment").path("spec").path("template").path("spec");
        detour = containers(podSpec).filter(c -> c.path("name").asText().equals("detour")).findFirst().orElseThrow();
    }

    /** The overlay's kustomization (also read by K8sManifestsTest, for the files it generates). */
    static JsonNode kustomization() {
        try {
            Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(OVERLAY.resolve("kustomization.yaml")));
            return K8sManifestsTest.JSON.valueToTree(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theKustomizationListsEveryManifestOfTheOverlayAndNothingMissing() throws IOException {
        Set<Path> listed = new TreeSet<>();
        kustomization().path("resources").forEach(r -> listed.add(OVERLAY.resolve(r.asText()).normalize()));
        Set<Path> notResources = new HashSet<>(generatedConfigFiles(OVERLAY, kustomization()));
        notResources.add(OVERLAY.resolve("kustomization.yaml").normalize());
        Set<Path> present = new TreeSet<>();
        try (Stream<Path> files = Files.list(OVERLAY)) {
            files.filter(K8sManifestsTest::isYaml).map(Path::normalize).filter(f -> !notResources.contains(f)).forEach(present::add);
        }

        assertThat(listed).isEqualTo(present);
    }

    @Test
    void threeReplicasJoinThroughTheHeadlessServiceOnTheHazelcastPortTheyDeclare() {
        DetourConfig config = ConfigLoader.load(generatedConfigFiles(OVERLAY, kustomization()).get(0));
        JsonNode headless = service("detour-cluster");

        assertThat(manifest("Deployment").path("spec").path("replicas").asInt()).isEqualTo(3);
        assertThat(config.cluster().enabled()).isTrue();
        assertThat(config.cluster().members()).as("Kubernetes discovery, not a list of members").isEmpty();
        assertThat(config.cluster().kubernetes()).isEqualTo(new ClusterConfig.Kubernetes("detour-cluster", null));
        assertThat(config.cluster().port()).isEqualTo(HAZELCAST_PORT);
        assertThat(headless.path("spec").path("clusterIP").asText()).isEqualTo("None");
        assertThat(headless.path("spec").path("publishNotReadyAddresses").asBoolean()).as("replicas join before they are ready").isTrue();
        assertThat(headless.path("spec").path("ports").findValues("port")).extracting(JsonNode::asInt).containsExactly(HAZELCAST_PORT);
        assertThat(ports(detour)).containsEntry("hazelcast", HAZELCAST_PORT);
        assertThat(podLabels()).containsAllEntriesOf(strings(headless.path("spec").path("selector")));
    }

    @Test
    void theOverlaysConfigMatchesThePublishedSchema() throws IOException {
        Schema schema;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("schema/detour-config.schema.json")) {
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(K8sManifestsTest.JSON.readTree(in));
        }
        Object yaml = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(generatedConfigFiles(OVERLAY, kustomization()).get(0)));

        assertThat(schema.validate(K8sManifestsTest.JSON.valueToTree(yaml))).isEmpty();
        assertThat(schema.validate(K8sManifestsTest.JSON.readTree("{\"cluster\": {\"members\": [\"a:1\"], \"kubernetes\": {\"serviceName\": \"d\"}}}")))
                .as("members and kubernetes together").isNotEmpty();
    }

    @Test
    void theReplicasArgumentsAreAcceptedByDetourServeAndBindTheClusterMemberToThePodIp() {
        List<String> args = texts(detour.path("args"));
        CommandLine.ParseResult serve = new CommandLine(new DetourCommand()).parseArgs(args.toArray(String[]::new)).subcommand();

        assertThat(serve.commandSpec().name()).isEqualTo("serve");
        assertThat(serve.<Integer>matchedOptionValue("--port", -1)).isEqualTo(K8sManifestsTest.MCP_PORT);
        assertThat(serve.<Integer>matchedOptionValue("--admin-port", -1)).isEqualTo(documentedAdminPort());
        assertThat(serve.<String>matchedOptionValue("--cluster-host", "")).isEqualTo("$(POD_IP)");
        assertThat(detour.path("env").findValues("fieldPath")).extracting(JsonNode::asText).containsExactly("status.podIP");
        assertThat(detour.path("env").get(0).path("name").asText()).isEqualTo("POD_IP");
        assertThat(ports(detour)).containsEntry("mcp", K8sManifestsTest.MCP_PORT).containsEntry("admin", documentedAdminPort());
    }

    @Test
    void anEndpointReachableFromTheClusterHasAuthAndTheAdminListenerAKey() {
        DetourConfig config = ConfigLoader.load(generatedConfigFiles(OVERLAY, kustomization()).get(0));
        List<String> args = texts(detour.path("args"));

        assertThat(args.get(args.indexOf("--host") + 1)).isEqualTo("0.0.0.0");
        assertThat(config.auth()).as("detour serve refuses MCP on 0.0.0.0 without auth:").isNotNull();
        assertThat(config.admin()).as("and the admin listener there without admin:").isNotNull();
        assertThat(args).doesNotContain("--insecure-no-auth");
    }

    @Test
    void theMcpServiceKeepsAClientOnOneReplicaForItsSessions() {
        JsonNode mcp = service("detour");

        assertThat(mcp.path("spec").path("sessionAffinity").asText()).isEqualTo("ClientIP");
        assertThat(mcp.path("spec").path("ports").findValues("targetPort")).extracting(JsonNode::asInt).contains(K8sManifestsTest.MCP_PORT);
        assertThat(podLabels()).containsAllEntriesOf(strings(mcp.path("spec").path("selector")));
    }

    @Test
    void theDiscoveryMayReadEndpointsAndPodsWithTheReplicasServiceAccount() {
        JsonNode role = manifest("Role");
        Set<String> readable = new HashSet<>();
        role.path("rules").forEach(rule -> {
            List<String> verbs = texts(rule.path("verbs"));
            if (verbs.containsAll(List.of("get", "list"))) {
                readable.addAll(texts(rule.path("resources")));
            }
        });
        JsonNode binding = manifest("RoleBinding");

        assertThat(readable).contains("endpoints", "pods");
        assertThat(binding.path("roleRef").path("name").asText()).isEqualTo(role.path("metadata").path("name").asText());
        assertThat(binding.path("subjects").findValuesAsText("name")).contains(podSpec.path("serviceAccountName").asText());
        assertThat(manifest("ServiceAccount").path("metadata").path("name").asText()).isEqualTo(podSpec.path("serviceAccountName").asText());
        assertThat(podSpec.path("automountServiceAccountToken").asBoolean()).as("the discovery authenticates with the token").isTrue();
    }

    @Test
    void theReadmeSaysWhichRequestsAnyReplicaServesAndWhichStayOnTheirs() throws IOException {
        String readme = Files.readString(K8sManifestsTest.K8S_README);

        assertThat(readme).contains("## A replicated Detour").contains("### Sessions and replicas").contains("2026-07-28").contains("2025-")
                .contains("sessionAffinity: ClientIP").contains("jib:buildTar");
    }

    private static JsonNode manifest(String kind) {
        return only(manifests, OVERLAY, kind).document();
    }

    private static JsonNode service(String name) {
        return manifests.stream().filter(m -> m.kind().equals("Service") && m.document().path("metadata").path("name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no Service " + name + " in " + OVERLAY)).document();
    }

    private static Map<String, String> podLabels() {
        return strings(manifest("Deployment").path("spec").path("template").path("metadata").path("labels"));
    }

    private static Map<String, Integer> ports(JsonNode container) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        StreamSupport.stream(container.path("ports").spliterator(), false).forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
        return ports;
    }
}
