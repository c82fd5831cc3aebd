package dev.detour.server.observe;

import dev.detour.router.health.HealthView;
import dev.detour.router.spi.EscalationPolicy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.function.IntSupplier;

/**
 * Every meter of one sidecar, in its own Prometheus registry: the routing, health, monitor, LLM and
 * reload meters of the catalogue in {@code docs/observability.md} (names in {@link MetricNames}), Micrometer's
 * JVM and process binders, and — when the sidecar runs on a {@link #measuredVertx} of the same
 * registry — Vert.x's own HTTP server, HTTP client, pool and event-loop meters. One registry per
 * sidecar (not the global one), so two sidecars in one JVM — tests, the demo — never mix their figures.
 */
public final class SidecarMetrics implements AutoCloseable {

    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final RouteMetrics routes;
    private final HealthMetrics health;
    private final MonitorMetrics monitors;
    private final LlmMetrics llm;
    private final Counter reloadsApplied;
    private final Counter reloadsRejected;

    /**
     * @param health   the sidecar's shared health view, read by the health gauges
     * @param registry where every meter goes; closed with this
     */
    public SidecarMetrics(HealthView health, PrometheusMeterRegistry registry) {
        this.registry = registry;
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        this.routes = new RouteMetrics(registry);
        this.health = new HealthMetrics(registry, health);
        this.monitors = new MonitorMetrics(registry);
        this.llm = new LlmMetrics(registry);
        this.reloadsApplied = reloads("applied");
        this.reloadsRejected = reloads("rejected");
    }

    private Counter reloads(String result) {
        return Counter.builder(MetricNames.CONFIG_RELOADS).description("Hot reloads of detour.yaml").tag("result", result).register(registry);
    }

    /** A fresh registry for one sidecar. */
    public static PrometheusMeterRegistry newRegistry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    /**
     * A Vert.x instance on {@code options} whose own meters go to {@code registry}: give the same registry to the sidecar
     * ({@code SidecarOptions.meterRegistry}) and {@code /metrics} shows Detour's and Vert.x's meters
     * together. The JVM meters come from Detour's binders, so Vert.x's own JVM metrics stay off.
     */
    public static Vertx measuredVertx(MeterRegistry registry, VertxOptions options) {
        return Vertx.builder()
                .with(measured(options))
                .withMetrics(new MicrometerMetricsFactory(registry))
                .build();
    }

    /** {@link #measuredVertx}, clustered with {@code clusterManager}: completes once the cluster is joined. */
    public static Future<Vertx> measuredClusteredVertx(MeterRegistry registry, VertxOptions options, ClusterManager clusterManager) {
        return Vertx.builder()
                .with(measured(options))
                .withMetrics(new MicrometerMetricsFactory(registry))
                .withClusterManager(clusterManager)
                .buildClustered();
    }

    private static VertxOptions measured(VertxOptions options) {
        return new VertxOptions(options).setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true));
    }

    /**
     * Shows {@code members} as {@link MetricNames#CLUSTER_MEMBERS}, read at each scrape; call once.
     *
     * @param members the cluster's current member count, or a constant 0 when this replica is not clustered
     */
    public void clusterMembers(IntSupplier members) {
        Gauge.builder(MetricNames.CLUSTER_MEMBERS, members, IntSupplier::getAsInt).strongReference(true)
                .description("Members of the Detour cluster this replica is in, itself included; 0 when clustering is off")
                .register(registry);
    }

    /** The registry {@code /metrics} scrapes. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Route events and call ends, for {@code SharedRouting.builder().observer(..)}. */
    public RouteMetrics routes() {
        return routes;
    }

    /** The health gauges; {@link HealthMetrics#track} them on start and on every reload. */
    public HealthMetrics health() {
        return health;
    }

    /** Monitor-runner events, for every runner the sidecar starts. */
    public MonitorMetrics monitors() {
        return monitors;
    }

    /** LLM calls, their tokens and cached decisions, for the {@code llm} section's policy. */
    public LlmMetrics llm() {
        return llm;
    }

    /** {@code policy}, counted per consultation. */
    public EscalationPolicy counted(EscalationPolicy policy) {
        return new CountedEscalationPolicy(policy, registry);
    }

    /** A changed config file was loaded and is served now. */
    public void reloadApplied() {
        reloadsApplied.increment();
    }

    /** A changed config file was refused; the previous config keeps serving. */
    public void reloadRejected() {
        reloadsRejected.increment();
    }

    /** Unhooks the GC listener and closes the registry. */
    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
