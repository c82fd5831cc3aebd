package dev.detour.server.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.detour.server.cli.DetourCommand;
import dev.detour.server.cli.ServeCommand;
import dev.detour.server.config.ConfigLoader;
import dev.detour.server.config.DetourConfig;
import dev.detour.server.observe.MetricCatalogue.MetricFamily;
import dev.detour.server.upstream.UpstreamSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The Kubernetes manifests, the image and the Grafana dashboard under {@code k8s/} agree with the
 * server: the sidecar's ports, probes and arguments are what {@code detour serve} and
 * docs/observability.md define, its ConfigMap loads with the real {@link ConfigLoader}, and every
 * metric and label the dashboard and the alert rules query is in the metric catalogue of
 * docs/observability.md. {@code MetricCatalogueTest} checks that a running sidecar exposes exactly
 * that catalogue; together they say the dashboard uses only metrics the server really emits.
 *
 * <p>Surefire runs in the server module's directory, so the repository root is {@code ..}.
 */
class K8sManifestsTest {

    static final Path REPO = Path.of("..");
    static final Path K8S = REPO.resolve("k8s");
    static final Path BASE = K8S.resolve("base");
    static final Path OBSERVABILITY_DOC = REPO.resolve("docs/observability.md");
    static final Path DASHBOARD = K8S.resolve("grafana/detour-dashboard.json");
    static final Path DOCKERFILE = K8S.resolve("Dockerfile");
    static final Path K8S_README = K8S.resolve("README.md");

    static final String SIDECAR = "detour";
    static final int MCP_PORT = 8080;
    static final String DATASOURCE_VARIABLE = "${DS_PROMETHEUS}";

    /**
     * Upper bound, in seconds, of what {@code serve}'s shutdown hook adds to the drain time: it waits
     * for the sidecar to stop for drain + 5 s, then for Vert.x to close for 5 s (ServeCommand).
     */
    static final long SHUTDOWN_BEYOND_DRAIN_SECONDS = 10;

    static final Pattern METRIC = Pattern.compile("detour_[a-z_]+");
    static final Pattern GROUPING = Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");
    static final Pattern SELECTOR = Pattern.compile("\\{([^}]*)}");
    static final Pattern MATCHER_LABEL = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*(?:=~|!~|!=|=)");
    static final Pattern QUOTED = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*[^,()]*(?:\\{[^}]*})?\\s*,\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\)");
    static final Pattern LEGEND_LABEL = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}}");
    static final Pattern ANNOTATION_LABEL = Pattern.compile("\\$labels\\.([A-Za-z_][A-Za-z0-9_]*)");
    static final Pattern README_ANCHOR = Pattern.compile("k8s/README\\.md#([a-z0-9-]+)");

    static final ObjectMapper JSON = new ObjectMapper();

    static Map<String, MetricFamily> catalogue;
    static List<Manifest> manifests;
    static JsonNode kustomization;
    static JsonNode dashboard;
    static JsonNode sidecar;
    static JsonNode podSpec;

    /** One YAML document under k8s/ and the file it came from. */
    record Manifest(Path file, JsonNode document) {
        String kind() {
            return document.path("kind").asText();
        }
    }

    /** One PromQL query with what Grafana or Alertmanager renders from its result's labels. */
    record Query(String where, String promql, Set<String> renderedLabels) {}

    @BeforeAll
    static void readEverything() throws IOException {
        catalogue = MetricCatalogue.read();
        manifests = yamlDocumentsUnder(K8S);
        kustomization = only("Kustomization").document(); // the base's; k8s/overlays/cluster is K8sClusterOverlayTest's
        dashboard = JSON.readTree(DASHBOARD.toFile());
        podSpec = only("Deployment").document().path("spec").path("template").path("spec");
        sidecar = containers(podSpec).filter(c -> c.path("name").asText().equals(SIDECAR)).findFirst().orElseThrow(
                () -> new AssertionError("the Deployment has no container named '" + SIDECAR + "'"));
    }

    // ---- manifests ----

    @Test
    void everyYamlDocumentUnderK8sIsAKubernetesObjectOrAConfigTheKustomizationGenerates() {
        Set<Path> generated = new HashSet<>(generatedConfigFiles());
        generated.addAll(generatedConfigFiles(K8sClusterOverlayTest.OVERLAY, K8sClusterOverlayTest.kustomization()));

        assertThat(manifests).isNotEmpty().allSatisfy(m -> {
            if (!generated.contains(m.file().normalize())) {
                assertThat(m.document().path("apiVersion").asText()).as("apiVersion of a document in %s", m.file()).isNotBlank();
                assertThat(m.kind()).as("kind of a document in %s", m.file()).isNotBlank();
            }
        });
    }

    @Test
    void theKustomizationListsEveryManifestInBaseAndNothingMissing() throws IOException {
        Set<Path> listed = new TreeSet<>();
        kustomization.path("resources").forEach(r -> listed.add(BASE.resolve(r.asText()).normalize()));
        Set<Path> present = new TreeSet<>();
        Set<Path> notResources = new HashSet<>(generatedConfigFiles());
        notResources.add(BASE.resolve("kustomization.yaml").normalize());
        try (Stream<Path> files = Files.list(BASE)) {
            files.filter(K8sManifestsTest::isYaml).map(Path::normalize).filter(f -> !notResources.contains(f)).forEach(present::add);
        }

        assertThat(listed).isEqualTo(present);
    }

    @Test
    void theBaseHoldsTheDeploymentItsConfigMapTheAdminServiceAServiceMonitorAndAlertRules() {
        assertThat(manifests).extracting(Manifest::kind)
                .contains("Kustomization", "Deployment", "Service", "ServiceMonitor", "PrometheusRule");
        assertThat(only("ServiceMonitor").document().path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(only("PrometheusRule").document().path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(kustomization.path("configMapGenerator")).hasSize(1);
    }

    @Test
    void theSidecarDeclaresTheMcpPortAndTheDocumentedAdminPort() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        sidecar.path("ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));

        assertThat(ports).containsEntry("mcp", MCP_PORT).containsEntry("admin", documentedAdminPort());
    }

    @Test
    void theSidecarRunsAsANativeSidecarSoItStartsBeforeAndStopsAfterTheAgent() {
        assertThat(podSpec.path("initContainers")).contains(sidecar);
        assertThat(sidecar.path("restartPolicy").asText()).isEqualTo("Always");
        assertThat(podSpec.path("containers")).isNotEmpty();
    }

    @Test
    void probesUseTheDocumentedHealthPathsOnTheAdminPort() {
        Set<String> documented = documentedAdminPaths();

        assertThat(probe("livenessProbe").path("path").asText()).isEqualTo("/health/live").isIn(documented);
        assertThat(probe("readinessProbe").path("path").asText()).isEqualTo("/health/ready").isIn(documented);
        assertThat(probe("startupProbe").path("path").asText()).isIn(documented);
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            assertThat(probe(probe).path("port").asText()).as(probe).isEqualTo("admin");
        }
    }

    @Test
    void theSidecarsArgumentsAreAcceptedByDetourServeAndMatchItsPortsAndConfigMount() {
        List<String> args = texts(sidecar.path("args"));
        CommandLine.ParseResult parsed = new CommandLine(new DetourCommand()).parseArgs(args.toArray(String[]::new));
        CommandLine.ParseResult serve = parsed.subcommand();

        assertThat(serve.commandSpec().name()).isEqualTo("serve");
        assertThat(serve.<Integer>matchedOptionValue("--port", -1)).isEqualTo(MCP_PORT);
        assertThat(serve.<Integer>matchedOptionValue("--admin-port", -1)).isEqualTo(documentedAdminPort());
        assertThat(serve.<String>matchedOptionValue("--admin-host", "")).isEqualTo("0.0.0.0");
        assertThat(Path.of(serve.<Path>matchedOptionValue("--config", Path.of("")).toString()))
                .isEqualTo(Path.of(configMountPath(), generatedConfigFiles().get(0).getFileName().toString()));
    }

    @Test
    void theConfigIsMountedAsADirectorySoConfigMapUpdatesReachTheHotReload() {
        JsonNode mount = configMount();

        assertThat(mount.has("subPath")).as("a subPath mount never sees ConfigMap updates").isFalse();
        assertThat(mount.path("readOnly").asBoolean()).isTrue();
    }

    @Test
    void theGracePeriodOutlastsDetoursDrainAndShutdown() throws NoSuchFieldException {
        long drainSeconds = matchedOrDefault(texts(sidecar.path("args")), "--drain-seconds",
                Long.parseLong(ServeCommand.class.getDeclaredField("drainSeconds").getAnnotation(Option.class).defaultValue()));

        assertThat(podSpec.path("terminationGracePeriodSeconds").asLong()).isGreaterThan(drainSeconds + SHUTDOWN_BEYOND_DRAIN_SECONDS);
    }

    @Test
    void everyContainerRunsAsNonRootOnAReadOnlyRootFilesystemWithResources() {
        assertThat(podSpec.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(containers(podSpec).toList()).hasSizeGreaterThanOrEqualTo(2).allSatisfy(c -> {
            String name = c.path("name").asText();
            assertThat(c.path("securityContext").path("runAsNonRoot").asBoolean()).as("%s runAsNonRoot", name).isTrue();
            assertThat(c.path("securityContext").path("readOnlyRootFilesystem").asBoolean()).as("%s readOnlyRootFilesystem", name).isTrue();
            assertThat(c.path("securityContext").path("allowPrivilegeEscalation").asBoolean(true)).as("%s allowPrivilegeEscalation", name).isFalse();
            assertThat(c.path("resources").path("requests").path("memory").asText()).as("%s memory request", name).isNotBlank();
            assertThat(c.path("resources").path("limits").path("memory").asText()).as("%s memory limit", name).isNotBlank();
        });
        assertThat(sidecar.path("volumeMounts").findValuesAsText("mountPath")).as("a writable /tmp for the JVM and Vert.x").contains("/tmp");
    }

    @Test
    void theAgentIsPointedAtDetoursEndpointOnThePodsLoopback() {
        JsonNode agent = podSpec.path("containers").get(0);

        assertThat(agent.path("env").findValuesAsText("value")).contains("http://127.0.0.1:" + MCP_PORT + "/mcp");
    }

    @Test
    void theConfigMapsDetourYamlLoadsWithTheRealConfigLoaderAndNamesOnlyHttpUpstreams() {
        assertThat(generatedConfigFiles()).hasSize(1);
        Path file = generatedConfigFiles().get(0);

        DetourConfig config = ConfigLoader.load(file);

        assertThat(config.logicalTools().size() + config.goalTools().size()).isPositive();
        assertThat(config.upstreams()).as("stdio upstreams would need their commands in the Detour image")
                .allSatisfy(u -> assertThat(u).isInstanceOf(UpstreamSpec.Http.class));
        String configMapName = kustomization.path("configMapGenerator").get(0).path("name").asText();
        assertThat(podSpec.path("volumes").findValues("configMap")).extracting(v -> v.path("name").asText()).contains(configMapName);
    }

    @Test
    void anAdminListenerOffLoopbackHasTheAdminKeysDetourServeInsistsOn() {
        assertThat(texts(sidecar.path("args"))).contains("0.0.0.0");
        DetourConfig config = ConfigLoader.load(generatedConfigFiles().get(0));
        assertThat(config.admin()).as("detour serve refuses an admin listener off loopback without admin:").isNotNull();
    }

    @Test
    void theServiceMonitorSendsTheAdminKeyOfASecretTheKustomizationGenerates() {
        JsonNode credentials = only("ServiceMonitor").document().path("spec").path("endpoints").get(0).path("authorization");
        assertThat(credentials.path("type").asText()).isEqualTo("Bearer");
        String secret = credentials.path("credentials").path("name").asText();
        JsonNode generated = kustomization.path("secretGenerator");
        assertThat(generated.findValuesAsText("name")).contains(secret);
        assertThat(generated.get(0).path("literals").get(0).asText()).startsWith(credentials.path("credentials").path("key").asText() + "=");
    }

    @Test
    void theServiceMonitorScrapesTheDocumentedMetricsPathOnTheAdminServicePort() {
        JsonNode service = only("Service").document();
        JsonNode monitor = only("ServiceMonitor").document();
        JsonNode endpoint = monitor.path("spec").path("endpoints").get(0);
        Map<String, String> serviceLabels = strings(service.path("metadata").path("labels"));
        Map<String, String> podLabels = strings(podSpecLabels());

        assertThat(endpoint.path("path").asText()).isEqualTo("/metrics").isIn(documentedAdminPaths());
        assertThat(service.path("spec").path("ports").findValuesAsText("name")).contains(endpoint.path("port").asText());
        assertThat(service.path("spec").path("ports").findValues("targetPort")).extracting(JsonNode::asInt).contains(documentedAdminPort());
        assertThat(service.path("spec").path("ports").findValues("port")).extracting(JsonNode::asInt).contains(documentedAdminPort());
        assertThat(serviceLabels).containsAllEntriesOf(strings(monitor.path("spec").path("selector").path("matchLabels")));
        assertThat(podLabels).containsAllEntriesOf(strings(service.path("spec").path("selector")));
    }

    // ---- the image ----

    @Test
    void theImagesDefaultCommandIsAcceptedByDetourServeAndRunsTheShadedJarAsNonRoot() throws IOException {
        String dockerfile = Files.readString(DOCKERFILE);
        List<String> cmd = execForm(dockerfile, "CMD");

        assertThat(execForm(dockerfile, "ENTRYPOINT")).containsExactly("java", "-jar", "/app/detour.jar");
        assertThat(dockerfile).containsPattern("(?m)^FROM \\$\\{JRE_IMAGE}$").contains("ARG JRE_IMAGE=eclipse-temurin:21-jre")
                .containsPattern("(?m)^COPY server/target/detour\\.jar /app/detour\\.jar$")
                .containsPattern("(?m)^USER \\$\\{DETOUR_UID}:\\$\\{DETOUR_UID}$");
        CommandLine.ParseResult serve = new CommandLine(new DetourCommand()).parseArgs(cmd.toArray(String[]::new)).subcommand();
        assertThat(serve.commandSpec().name()).isEqualTo("serve");
        assertThat(serve.<Integer>matchedOptionValue("--admin-port", -1)).isEqualTo(documentedAdminPort());
    }

    @Test
    void theJibImageIsTheDockerfilesBaseUserJvmOptionsPortsAndDefaultCommand() throws Exception {
        String dockerfile = Files.readString(DOCKERFILE);
        Element jib = jibConfiguration();
        Element container = child(jib, "container");

        assertThat(child(child(jib, "from"), "image").getTextContent()).isEqualTo("eclipse-temurin:21-jre")
                .as("the Dockerfile's JRE_IMAGE").isEqualTo(argDefault(dockerfile, "JRE_IMAGE"));
        assertThat(children(child(container, "args"))).isEqualTo(execForm(dockerfile, "CMD"));
        assertThat(child(container, "user").getTextContent()).isEqualTo(argDefault(dockerfile, "DETOUR_UID") + ":" + argDefault(dockerfile, "DETOUR_UID"));
        assertThat(child(child(container, "environment"), "JDK_JAVA_OPTIONS").getTextContent())
                .isEqualTo(Pattern.compile("(?m)^ENV JDK_JAVA_OPTIONS=\"([^\"]*)\"$").matcher(dockerfile).results().findFirst().orElseThrow().group(1));
        Matcher expose = Pattern.compile("(?m)^EXPOSE (.*)$").matcher(dockerfile);
        assertThat(expose.find()).isTrue();
        assertThat(children(child(container, "ports"))).containsExactly(expose.group(1).split(" "));
        assertThat(child(container, "mainClass").getTextContent()).isEqualTo(DetourCommand.class.getName());
    }

    // ---- metrics: dashboard and alerts against the catalogue ----

    @Test
    void theCatalogueIsReadFromTheObservabilityDoc() {
        assertThat(catalogue).containsKeys("detour_tool_calls_seconds", "detour_reroutes_total", "detour_tool_health");
        assertThat(catalogue.get("detour_tool_calls_seconds").suffixes()).contains("_bucket");
        assertThat(catalogue.get("detour_reroutes_total").labels()).containsExactlyInAnyOrder("graph", "from", "to", "cause");
    }

    @Test
    void aSeriesBelongsToAFamilyOnlyByItsNameOrASuffixItsRowLists() {
        assertThat(family("detour_reroutes_total")).isNotNull();
        assertThat(family("detour_tool_calls_seconds_bucket")).isNotNull();
        assertThat(family("detour_routes_seconds_count")).isNotNull();
        assertThat(family("detour_routes_seconds_bucket")).as("detour_routes_seconds lists no histogram").isNull();
        assertThat(family("detour_reroutes_total_count")).isNull();
        assertThat(family("detour_reroutes")).isNull();
        assertThat(family("detour_tool_calls_total")).isNull();
    }

    @Test
    void labelsAreReadFromGroupingsMatchersAndLabelValuesButNotFromMatchedValues() {
        String promql = "sum by (graph, from) (rate(detour_reroutes_total{cause=~\"a|b=c\", to!=\"none\"}[5m]))"
                + " + ignoring(state) label_values(detour_tool_health, tool)";

        assertThat(labelsIn(promql)).containsExactlyInAnyOrder("graph", "from", "cause", "to", "state", "tool");
    }

    @Test
    void theDashboardAndTheAlertsQueryOnlyCatalogueMetrics() {
        List<Query> queries = allQueries();
        Set<String> unknown = new TreeSet<>();
        for (Query query : queries) {
            metricNames(query.promql()).stream().filter(name -> family(name) == null).map(name -> name + " (" + query.where() + ")")
                    .forEach(unknown::add);
        }

        assertThat(queries).hasSizeGreaterThan(20);
        assertThat(unknown).as("metric names not in docs/observability.md's catalogue").isEmpty();
    }

    @Test
    void theDashboardAndTheAlertsUseOnlyTheCatalogueLabelsOfTheMetricsTheyQuery() {
        Set<String> unknown = new TreeSet<>();
        for (Query query : allQueries()) {
            Set<String> allowed = new HashSet<>();
            for (String name : metricNames(query.promql())) {
                MetricFamily family = family(name);
                if (family != null) {
                    allowed.addAll(family.labels());
                    if (name.endsWith("_bucket")) {
                        allowed.add("le");
                    }
                }
            }
            Set<String> used = labelsIn(query.promql());
            used.addAll(query.renderedLabels());
            used.removeAll(allowed);
            used.forEach(label -> unknown.add(label + " (" + query.where() + ")"));
        }

        assertThat(unknown).as("labels that the queried metrics do not carry").isEmpty();
    }

    @Test
    void theDashboardShowsEveryMetricFamilyOfTheCatalogue() {
        Set<String> shown = new TreeSet<>();
        dashboardQueries().forEach(q -> metricNames(q.promql()).stream().map(K8sManifestsTest::family)
                .filter(f -> f != null).forEach(f -> shown.add(f.name())));

        assertThat(shown).containsExactlyInAnyOrderElementsOf(catalogue.keySet());
    }

    @Test
    void latencyQuantilesComeFromTheToolCallHistogram() {
        List<String> quantiles = dashboardQueries().stream().map(Query::promql).filter(q -> q.contains("histogram_quantile")).toList();

        assertThat(quantiles).hasSize(3).allSatisfy(q -> assertThat(q).contains("detour_tool_calls_seconds_bucket").contains("by (le, tool)"));
        assertThat(quantiles).anySatisfy(q -> assertThat(q).startsWith("histogram_quantile(0.5,"))
                .anySatisfy(q -> assertThat(q).startsWith("histogram_quantile(0.95,"))
                .anySatisfy(q -> assertThat(q).startsWith("histogram_quantile(0.99,"));
    }

    // ---- the dashboard's shape ----

    @Test
    void everyDashboardQueryGoesToThePrometheusDatasourceVariable() {
        List<JsonNode> datasources = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            if (!panel.path("type").asText().equals("row")) {
                datasources.add(panel.path("datasource"));
                panel.path("targets").forEach(t -> datasources.add(t.path("datasource")));
            }
        }
        JsonNode datasourceVariable = variable("DS_PROMETHEUS");

        assertThat(dashboard.path("schemaVersion").asInt()).isEqualTo(39);
        assertThat(datasourceVariable.path("type").asText()).isEqualTo("datasource");
        assertThat(datasourceVariable.path("query").asText()).isEqualTo("prometheus");
        assertThat(datasources).isNotEmpty().allSatisfy(ds -> {
            assertThat(ds.path("type").asText()).isEqualTo("prometheus");
            assertThat(ds.path("uid").asText()).isEqualTo(DATASOURCE_VARIABLE);
        });
    }

    @Test
    void theGraphAndToolVariablesAreLabelValuesOfTheirCatalogueLabels() {
        assertThat(variable("graph").path("definition").asText()).matches("label_values\\(detour_[a-z_]+, graph\\)");
        assertThat(variable("tool").path("definition").asText()).matches("label_values\\(detour_[a-z_]+, tool\\)");
        assertThat(variable("graph").path("query").path("query").asText()).isEqualTo(variable("graph").path("definition").asText());
        assertThat(variable("tool").path("query").path("query").asText()).isEqualTo(variable("tool").path("definition").asText());
    }

    @Test
    void panelIdsAreUniqueAndPanelsStayInsideTheGrid() {
        List<Integer> ids = new ArrayList<>();
        dashboard.path("panels").forEach(p -> {
            ids.add(p.path("id").asInt());
            JsonNode grid = p.path("gridPos");
            assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as("panel '%s'", p.path("title").asText()).isLessThanOrEqualTo(24);
        });

        assertThat(ids).doesNotHaveDuplicates();
    }

    // ---- alert rules ----

    @Test
    void everyAlertHasASeveritySummaryDescriptionAndARunbookThatTheReadmeAnswers() throws IOException {
        Set<String> readmeAnchors = markdownAnchors(Files.readString(K8S_README));
        List<JsonNode> rules = alertRules().toList();

        assertThat(rules).hasSizeGreaterThanOrEqualTo(5).allSatisfy(rule -> {
            String name = rule.path("alert").asText();
            JsonNode annotations = rule.path("annotations");
            assertThat(rule.path("labels").path("severity").asText()).as(name).isIn("critical", "warning", "info");
            assertThat(annotations.path("summary").asText()).as(name).isNotBlank();
            assertThat(annotations.path("description").asText()).as(name).isNotBlank();
            Matcher anchor = README_ANCHOR.matcher(annotations.path("runbook").asText());
            assertThat(anchor.find()).as("%s's runbook names a k8s/README.md section", name).isTrue();
            assertThat(anchor.group(1)).as(name).isEqualTo(name.toLowerCase()).isIn(readmeAnchors);
        });
    }

    @Test
    void theSuggestedAlertsAreAllThere() {
        assertThat(alertRules().map(r -> r.path("alert").asText()).toList()).contains("DetourRerouteRateHigh", "DetourEscalations",
                "DetourToolUnavailable", "DetourBudgetExhaustion", "DetourConfigReloadRejected");
    }

    /** The catalogue family a series name belongs to, or null: the family itself, or a timer's family plus one of its suffixes. */
    static MetricFamily family(String series) {
        MetricFamily exact = catalogue.get(series);
        if (exact != null) {
            return exact;
        }
        for (MetricFamily f : catalogue.values()) {
            for (String suffix : f.suffixes()) {
                if (series.equals(f.name() + suffix)) {
                    return f;
                }
            }
        }
        return null;
    }

    static int documentedAdminPort() {
        try {
            Matcher m = Pattern.compile("--admin-port N`, default `(\\d+)`").matcher(Files.readString(OBSERVABILITY_DOC));
            assertThat(m.find()).as("docs/observability.md states the admin port's default").isTrue();
            return Integer.parseInt(m.group(1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The paths of the admin listener's route table: first-column backticked values that start with '/'. */
    static Set<String> documentedAdminPaths() {
        try {
            Set<String> paths = new HashSet<>();
            Matcher m = Pattern.compile("(?m)^\\| `(/[^`?]*)[^`]*` \\|").matcher(Files.readString(OBSERVABILITY_DOC));
            while (m.find()) {
                paths.add(m.group(1));
            }
            assertThat(paths).as("admin routes in docs/observability.md").contains("/metrics");
            return paths;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- reading queries ----

    static List<Query> allQueries() {
        List<Query> all = new ArrayList<>(dashboardQueries());
        alertRules().forEach(rule -> {
            Set<String> rendered = new HashSet<>();
            rule.path("annotations").forEach(a -> {
                Matcher m = ANNOTATION_LABEL.matcher(a.asText());
                while (m.find()) {
                    rendered.add(m.group(1));
                }
            });
            all.add(new Query("alert " + rule.path("alert").asText(), rule.path("expr").asText(), rendered));
        });
        return all;
    }

    /** Panel targets, annotation queries and the query variables' definitions. */
    static List<Query> dashboardQueries() {
        List<Query> queries = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(new Query("panel '" + panel.path("title").asText() + "'", target.path("expr").asText(),
                        legendLabels(target.path("legendFormat").asText())));
            }
        }
        for (JsonNode annotation : dashboard.path("annotations").path("list")) {
            if (annotation.has("expr")) {
                queries.add(new Query("annotation '" + annotation.path("name").asText() + "'", annotation.path("expr").asText(),
                        legendLabels(annotation.path("titleFormat").asText() + annotation.path("tagKeys").asText())));
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("type").asText().equals("query")) {
                queries.add(new Query("variable '" + variable.path("name").asText() + "'", variable.path("definition").asText(), Set.of()));
            }
        }
        return queries;
    }

    static Set<String> legendLabels(String legend) {
        Set<String> labels = new HashSet<>();
        Matcher m = LEGEND_LABEL.matcher(legend);
        while (m.find()) {
            labels.add(m.group(1));
        }
        return labels;
    }

    static Set<String> metricNames(String promql) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(promql);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    /**
     * Labels a query names: in groupings and vector matching, in selectors' matchers, and label_values'
     * label. Regular expressions rather than a parser because no PromQL parser exists for the JVM short
     * of depending on Prometheus itself; the queries checked are this repository's own, and quoted
     * matcher values are blanked first so that a value never reads as a label.
     */
    static Set<String> labelsIn(String promql) {
        String unquoted = QUOTED.matcher(promql).replaceAll("\"\"");
        Set<String> labels = new HashSet<>();
        Matcher grouping = GROUPING.matcher(unquoted);
        while (grouping.find()) {
            for (String label : grouping.group(1).split(",")) {
                if (!label.isBlank()) {
                    labels.add(label.trim());
                }
            }
        }
        Matcher selector = SELECTOR.matcher(unquoted);
        while (selector.find()) {
            Matcher matcher = MATCHER_LABEL.matcher(selector.group(1));
            while (matcher.find()) {
                labels.add(matcher.group(1));
            }
        }
        Matcher labelValues = LABEL_VALUES.matcher(unquoted);
        while (labelValues.find()) {
            labels.add(labelValues.group(1));
        }
        return labels;
    }

    // ---- reading manifests ----

    static List<Manifest> yamlDocumentsUnder(Path root) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(K8sManifestsTest::isYaml).sorted().toList();
        }
        List<Manifest> documents = new ArrayList<>();
        for (Path file : files) {
            for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(Files.readString(file))) {
                if (document != null) {
                    documents.add(new Manifest(file.normalize(), JSON.valueToTree(document)));
                }
            }
        }
        return documents;
    }

    static boolean isYaml(Path file) {
        String name = file.getFileName().toString();
        return Files.isRegularFile(file) && (name.endsWith(".yaml") || name.endsWith(".yml"));
    }

    static List<Path> generatedConfigFiles() {
        return generatedConfigFiles(BASE, kustomization);
    }

    /** The files the kustomization in {@code dir} turns into ConfigMaps. */
    static List<Path> generatedConfigFiles(Path dir, JsonNode kustomization) {
        List<Path> files = new ArrayList<>();
        kustomization.path("configMapGenerator").forEach(g -> g.path("files").forEach(f -> {
            String entry = f.asText();
            files.add(dir.resolve(entry.substring(entry.indexOf('=') + 1)).normalize());
        }));
        return files;
    }

    /** The one document of {@code kind} in k8s/base. */
    static Manifest only(String kind) {
        return only(manifests, BASE, kind);
    }

    static Manifest only(List<Manifest> manifests, Path dir, String kind) {
        List<Manifest> found = manifests.stream().filter(m -> m.file().startsWith(dir.normalize()) && m.kind().equals(kind)).toList();
        assertThat(found).as("documents of kind %s under %s", kind, dir).hasSize(1);
        return found.get(0);
    }

    static Stream<JsonNode> containers(JsonNode spec) {
        return Stream.concat(StreamSupport.stream(spec.path("initContainers").spliterator(), false),
                StreamSupport.stream(spec.path("containers").spliterator(), false));
    }

    static JsonNode podSpecLabels() {
        return only("Deployment").document().path("spec").path("template").path("metadata").path("labels");
    }

    static JsonNode probe(String name) {
        JsonNode probe = sidecar.path(name).path("httpGet");
        assertThat(probe.isMissingNode()).as("the sidecar's %s is an httpGet probe", name).isFalse();
        return probe;
    }

    static JsonNode configMount() {
        String configMap = kustomization.path("configMapGenerator").get(0).path("name").asText();
        String volume = StreamSupport.stream(podSpec.path("volumes").spliterator(), false)
                .filter(v -> v.path("configMap").path("name").asText().equals(configMap)).map(v -> v.path("name").asText())
                .findFirst().orElseThrow(() -> new AssertionError("no volume of ConfigMap " + configMap));
        return StreamSupport.stream(sidecar.path("volumeMounts").spliterator(), false)
                .filter(m -> m.path("name").asText().equals(volume)).findFirst()
                .orElseThrow(() -> new AssertionError("the sidecar does not mount volume " + volume));
    }

    static String configMountPath() {
        return configMount().path("mountPath").asText();
    }

    static Stream<JsonNode> alertRules() {
        return StreamSupport.stream(only("PrometheusRule").document().path("spec").path("groups").spliterator(), false)
                .flatMap(g -> StreamSupport.stream(g.path("rules").spliterator(), false));
    }

    static JsonNode variable(String name) {
        for (JsonNode v : dashboard.path("templating").path("list")) {
            if (v.path("name").asText().equals(name)) {
                return v;
            }
        }
        throw new AssertionError("the dashboard has no variable '" + name + "'");
    }

    static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    static Map<String, String> strings(JsonNode object) {
        Map<String, String> map = new LinkedHashMap<>();
        object.properties().forEach(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }

    static long matchedOrDefault(List<String> args, String option, long defaultValue) {
        int at = args.indexOf(option);
        return at < 0 ? defaultValue : Long.parseLong(args.get(at + 1));
    }

    /** A Dockerfile instruction's exec form (a JSON array), read with Jackson. */
    static List<String> execForm(String dockerfile, String instruction) {
        Matcher m = Pattern.compile("(?m)^" + instruction + "\\s+(\\[.*])\\s*$").matcher(dockerfile);
        assertThat(m.find()).as("the Dockerfile has an exec-form %s", instruction).isTrue();
        try {
            return List.of(JSON.readValue(m.group(1), String[].class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
    static String argDefault(String dockerfile, String name) {
        Matcher m = Pattern.compile("(?m)^ARG " + name + "=(\\S+)$").matcher(dockerfile);
        assertThat(m.find()).as("the Dockerfile's ARG %s", name).isTrue();
        return m.group(1);
    }

    /** The jib-maven-plugin's configuration in server/pom.xml. */
    static Element jibConfiguration() throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document pom = factory.newDocumentBuilder().parse(REPO.resolve("server/pom.xml").toFile());
        NodeList ids = pom.getElementsByTagName("artifactId");
        for (int i = 0; i < ids.getLength(); i++) {
            if (ids.item(i).getTextContent().equals("jib-maven-plugin")) {
                return child((Element) ids.item(i).getParentNode(), "configuration");
            }
        }
        throw new AssertionError("server/pom.xml has no jib-maven-plugin");
    }

    static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        throw new AssertionError("<" + parent.getTagName() + "> has no <" + name + ">");
    }

    static List<String> children(Element parent) {
        List<String> texts = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                texts.add(e.getTextContent());
            }
        }
        return texts;
    }

    static Set<String> markdownAnchors(String markdown) {
        Set<String> anchors = new HashSet<>();
        Matcher m = Pattern.compile("(?m)^#{1,6}\\s+(.+)$").matcher(markdown);
        while (m.find()) {
            anchors.add(m.group(1).trim().toLowerCase().replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'));
        }
        return anchors;
    }
}
