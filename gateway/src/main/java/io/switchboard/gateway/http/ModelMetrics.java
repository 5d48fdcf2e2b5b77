package io.switchboard.gateway.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.runtime.model.FailoverReason;
import io.switchboard.runtime.model.ModelEvents;
import io.switchboard.runtime.model.ModelRoute;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Provider failover for {@code /metrics}: switches to a fallback model, chains that ran out, keys
 * taken out of rotation and circuit-breaker transitions. Tags name providers and models, never keys.
 */
public final class ModelMetrics implements ModelEvents {
    private final MeterRegistry registry;
    /** Built once per tag set: a builder lookup per event would sort tags and hash ids every time. */
    private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();

    private ModelMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public static ModelMetrics create(MeterRegistry registry) {
        return new ModelMetrics(registry);
    }

    @Override
    public void switched(ModelRoute from, ModelRoute to, FailoverReason reason) {
        counter(
                        "switchboard.model.failovers",
                        "Switches from a failing model to the app's next fallback",
                        "from",
                        from.label(),
                        "to",
                        to.label(),
                        "reason",
                        reason.wireName())
                .increment();
    }

    @Override
    public void exhausted(ModelRoute last, int models, FailoverReason reason) {
        counter(
                        "switchboard.model.failovers.exhausted",
                        "Turns whose model and every fallback failed",
                        "last",
                        last.label(),
                        "reason",
                        reason.wireName())
                .increment();
    }

    @Override
    public void keyCooledDown(String providerId, int keyIndex, FailoverReason reason, Duration coolDown) {
        counter(
                        "switchboard.model.key.cooldowns",
                        "API keys taken out of rotation after 401/403 or 429",
                        "provider",
                        providerId,
                        "key",
                        Integer.toString(keyIndex),
                        "reason",
                        reason.wireName())
                .increment();
    }

    @Override
    public void breakerChanged(String providerId, String from, String to) {
        counter(
                        "switchboard.model.breaker.transitions",
                        "Circuit-breaker state changes of a provider",
                        "provider",
                        providerId,
                        "from",
                        from,
                        "to",
                        to)
                .increment();
    }

    private Counter counter(String name, String description, String... tags) {
        List<String> key = new java.util.ArrayList<>(tags.length + 1);
        key.add(name);
        key.addAll(List.of(tags));
        return counters.computeIfAbsent(
                key,
                k -> Counter.builder(name).description(description).tags(tags).register(registry));
    }
}
