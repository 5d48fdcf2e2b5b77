package io.switchboard.gateway.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.switchboard.runtime.turn.TurnListener;
import io.switchboard.runtime.turn.TurnLog;
import io.switchboard.runtime.turn.TurnStatus;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Turns, latency, tokens and errors per app and channel, for {@code /metrics}. */
public final class TurnMetrics implements TurnListener {
    private final MeterRegistry registry;
    /**
     * The meters of each app and channel, built once: registering by builder costs a tag sort, an id
     * and a registry lookup per meter, five per turn.
     */
    private final Map<Key, Meters> meters = new ConcurrentHashMap<>();

    private record Key(String appId, String channel) {}

    private TurnMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public static TurnMetrics create(MeterRegistry registry) {
        return new TurnMetrics(registry);
    }

    @Override
    public void turnFinished(TurnLog turn) {
        Meters of = meters.computeIfAbsent(new Key(turn.appId(), turn.channel()), this::register);
        of.turns.get(turn.status()).increment();
        of.latency.record(Duration.ofMillis(turn.latencyMs()));
        of.firstToken.record(Duration.ofMillis(turn.firstTokenMs()));
        if (turn.inputTokens() > 0) {
            of.inputTokens.increment(turn.inputTokens());
        }
        if (turn.outputTokens() > 0) {
            of.outputTokens.increment(turn.outputTokens());
        }
        if (turn.status() == TurnStatus.ERROR) {
            of.errors.increment();
        }
    }

    private Meters register(Key key) {
        Map<TurnStatus, Counter> turns = new EnumMap<>(TurnStatus.class);
        for (TurnStatus status : TurnStatus.values()) {
            turns.put(
                    status,
                    Counter.builder("switchboard.turns")
                            .description("Turns answered, by app, channel and status (ok, qa, offline, error)")
                            .tags("app", key.appId(), "channel", key.channel(), "status", status.wireName())
                            .register(registry));
        }
        return new Meters(
                turns,
                timer(key, "switchboard.turn.latency", "Time from message to complete answer"),
                timer(key, "switchboard.turn.first.token", "Time from message to the first streamed token"),
                tokens(key, "input"),
                tokens(key, "output"),
                Counter.builder("switchboard.turn.errors")
                        .description("Turns whose model call failed")
                        .tags("app", key.appId(), "channel", key.channel())
                        .register(registry));
    }

    private Timer timer(Key key, String name, String description) {
        return Timer.builder(name)
                .description(description)
                .tags("app", key.appId(), "channel", key.channel())
                .publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofMinutes(2))
                .register(registry);
    }

    private Counter tokens(Key key, String direction) {
        return Counter.builder("switchboard.tokens")
                .description("Model tokens, by direction (input, output)")
                .tags("app", key.appId(), "channel", key.channel(), "direction", direction)
                .register(registry);
    }

    private record Meters(
            Map<TurnStatus, Counter> turns,
            Timer latency,
            Timer firstToken,
            Counter inputTokens,
            Counter outputTokens,
            Counter errors) {}
}
