package io.switchboard.gateway.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.switchboard.gateway.config.TracingConfig;
import io.switchboard.tracing.Tracing;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenTelemetry SDK of one gateway node, installed behind {@link Tracing} when tracing is enabled:
 * spans are batched and exported over OTLP/HTTP (protobuf) by the exporter's JDK HttpClient sender.
 * When tracing is off nothing is created at all: no SDK, no exporter, no batch thread.
 */
public final class OtlpTracing implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OtlpTracing.class);
    private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
    private static final AttributeKey<String> SERVICE_INSTANCE = AttributeKey.stringKey("service.instance.id");

    private final OpenTelemetrySdk sdk;
    private final TracingConfig config;

    private OtlpTracing(OpenTelemetrySdk sdk, TracingConfig config) {
        this.sdk = sdk;
        this.config = config;
    }

    /**
     * Starts exporting when {@code config.enabled()}; otherwise returns at once having started nothing.
     *
     * @param instance this member's name ({@code service.instance.id}), to tell a cluster's nodes apart
     */
    public static OtlpTracing start(TracingConfig config, String instance) {
        if (!config.enabled()) {
            return new OtlpTracing(null, config);
        }
        OtlpHttpSpanExporterBuilder exporter =
                OtlpHttpSpanExporter.builder().setEndpoint(config.endpoint()).setTimeout(config.timeout());
        config.headerMap().forEach(exporter::addHeader);
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault()
                        .merge(Resource.create(
                                Attributes.of(SERVICE_NAME, config.serviceName(), SERVICE_INSTANCE, instance))))
                // A caller's sampled flag decides for its trace; new traces are sampled by ratio.
                .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(config.samplingRatio())))
                .addSpanProcessor(BatchSpanProcessor.builder(exporter.build())
                        .setScheduleDelay(config.exportInterval().toMillis(), TimeUnit.MILLISECONDS)
                        .setExporterTimeout(config.timeout().toMillis(), TimeUnit.MILLISECONDS)
                        .build())
                .build();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(provider)
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build(); // not registered as GlobalOpenTelemetry: only Tracing sees it
        Tracing.install(sdk);
        LOG.info(
                "tracing on: OTLP/HTTP to {}, sampling {} of new traces, service {}",
                config.endpoint(),
                config.samplingRatio(),
                config.serviceName());
        return new OtlpTracing(sdk, config);
    }

    /** True when an SDK was started. */
    public boolean running() {
        return sdk != null;
    }

    /** Stops recording and exports what is buffered (within the export timeout). */
    @Override
    public void close() {
        if (sdk == null) {
            return;
        }
        Tracing.uninstall(sdk);
        sdk.getSdkTracerProvider().shutdown().join(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
    }
}
