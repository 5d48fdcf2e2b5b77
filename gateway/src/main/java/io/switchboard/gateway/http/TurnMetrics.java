package io.switchboard.gateway.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.switchboard.runtime.turn.TurnListener;
import io.switchboard.runtime.turn.TurnLog;
import io.switchboard.runtime.turn.TurnStatus;
import java.time.Duration;

/** Turns, latency, tokens and errors per app and channel, for {@code /metrics}. */
public final class TurnMetrics implements TurnListener {
    private final MeterRegistry registry;

    private TurnMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public static TurnMetrics create(MeterRegistry registry) {
        return new TurnMetrics(registry);
    }

    @Override
    public void turnFinished(TurnLog turn) {
        // Meter lookups are cached by Micrometer per name + tags, so building them per turn is cheap.
        Counter.builder("switchboard.turns")
                .description("Turns answered, by app, channel and status (ok, qa, offline, error)")
                .tags(
                        "app",
                        turn.appId(),
                        "channel",
                        turn.channel(),
                        "status",
                        turn.status().wireName())
                .register(registry)
                .increment();
        Timer.builder("switchboard.turn.latency")
                .description("Time from message to complete answer")
                .tags("app", turn.appId(), "channel", turn.channel())
                .publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofMinutes(2))
                .register(registry)
                .record(Duration.ofMillis(turn.latencyMs()));
        Timer.builder("switchboard.turn.first.token")
                .description("Time from message to the first streamed token")
                .tags("app", turn.appId(), "channel", turn.channel())
                .publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofMinutes(2))
                .register(registry)
                .record(Duration.ofMillis(turn.firstTokenMs()));
        if (turn.inputTokens() > 0) {
            tokens(turn, "input").increment(turn.inputTokens());
        }
        if (turn.outputTokens() > 0) {
            tokens(turn, "output").increment(turn.outputTokens());
        }
        if (turn.status() == TurnStatus.ERROR) {
            Counter.builder("switchboard.turn.errors")
                    .description("Turns whose model call failed")
                    .tags("app", turn.appId(), "channel", turn.channel())
                    .register(registry)
                    .increment();
        }
    }

    private Counter tokens(TurnLog turn, String direction) {
        return Counter.builder("switchboard.tokens")
                .description("Model tokens, by direction (input, output)")
                .tags("app", turn.appId(), "channel", turn.channel(), "direction", direction)
                .register(registry);
    }
}
