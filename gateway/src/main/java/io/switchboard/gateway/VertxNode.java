package io.switchboard.gateway;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The event loops every other part runs on, and the metrics registry they report to. */
final class VertxNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VertxNode.class);

    private final Vertx vertx;
    private final PrometheusMeterRegistry metrics;

    private VertxNode(Vertx vertx, PrometheusMeterRegistry metrics) {
        this.vertx = vertx;
        this.metrics = metrics;
    }

    static VertxNode start() {
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Vertx vertx = Vertx.builder()
                .with(new VertxOptions()
                        .setPreferNativeTransport(true)
                        .setMetricsOptions(new MicrometerMetricsOptions()
                                .setEnabled(true)
                                // Per-request client timers for every model, platform and webhook
                                // call showed in profiles; turn metrics already time what users feel.
                                .addDisabledMetricsCategory(MetricsDomain.HTTP_CLIENT)
                                .addDisabledMetricsCategory(MetricsDomain.NET_CLIENT)
                                .addDisabledMetricsCategory(MetricsDomain.EVENT_BUS)))
                .withMetrics(new MicrometerMetricsFactory(metrics))
                .build();
        LOG.info("network transport: {}", vertx.isNativeTransportEnabled() ? "native epoll" : "NIO");
        return new VertxNode(vertx, metrics);
    }

    Vertx vertx() {
        return vertx;
    }

    PrometheusMeterRegistry metrics() {
        return metrics;
    }

    @Override
    public void close() {
        vertx.close().await();
    }
}
