package io.switchboard.gateway.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.runtime.moderation.ModerationHit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Moderation hits per app, channel, direction and source (keyword list id or {@code provider}), for
 * {@code /metrics}. The word itself is not a tag: it is in the recorded hit, and would grow the series
 * without bound.
 */
public final class ModerationMetrics implements Consumer<ModerationHit> {
    private final MeterRegistry registry;
    private final Map<Key, Counter> counters = new ConcurrentHashMap<>();

    private record Key(String appId, String channel, ModerationHit.Direction direction, String source) {}

    private ModerationMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public static ModerationMetrics create(MeterRegistry registry) {
        return new ModerationMetrics(registry);
    }

    @Override
    public void accept(ModerationHit hit) {
        counters.computeIfAbsent(new Key(hit.appId(), hit.channel(), hit.direction(), hit.source()), this::register)
                .increment();
    }

    private Counter register(Key key) {
        return Counter.builder("switchboard.moderation.hits")
                .description(
                        "Moderation hits, by app, channel, direction (input, output) and source (list or provider)")
                .tags(
                        "app",
                        key.appId(),
                        "channel",
                        key.channel(),
                        "direction",
                        key.direction().wireName(),
                        "source",
                        key.source())
                .register(registry);
    }
}
