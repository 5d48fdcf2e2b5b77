package io.switchboard.gateway;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.switchboard.channels.spi.UnconfirmedAnswers;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.List;
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
        // Answers a recovering member did not send again (their member died while sending them).
        for (String channel : List.of("telegram", "wechat", "wecom")) {
            FunctionCounter.builder("switchboard.channel.answers.unconfirmed", channel, UnconfirmedAnswers::of)
                    .description("Recovered answers left at most once: their member died while sending them")
                    .tag("channel", channel)
                    .register(metrics);
        }
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
