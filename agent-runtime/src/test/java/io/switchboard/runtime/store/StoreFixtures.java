package io.switchboard.runtime.store;

import io.switchboard.runtime.app.AppConfig;
import io.switchboard.runtime.app.MemorySettings;
import io.switchboard.runtime.app.QaPair;
import io.switchboard.runtime.model.ModelSettings;
import io.switchboard.runtime.model.ProviderConfig;
import io.switchboard.runtime.model.ProviderKind;
import io.switchboard.runtime.security.Secret;
import io.switchboard.runtime.turn.TurnLog;
import io.switchboard.runtime.turn.TurnStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Values the store tests save and read back. */
final class StoreFixtures {
    static final Instant T0 = Instant.parse("2025-03-01T10:00:00.123456Z");

    private StoreFixtures() {}

    static AppConfig offlineConfig(String name) {
        return new AppConfig(
                name, null, null, null, null, null, null, null, null, 0, null, null, null, null, null, null, null);
    }

    static AppConfig configUsing(String providerId, String name) {
        return new AppConfig(
                name,
                "You are {{role}}. 你好",
                Map.of("role", "a helpful clerk"),
                new ModelSettings(providerId, "gpt-4o-mini", 0.3, 512, false),
                "Welcome!",
                List.of("What are your opening hours?"),
                new MemorySettings(6, 1500, null),
                "zh-CN",
                List.of(new QaPair("Where are you?", "Main street 1")),
                0.85,
                "No idea, sorry.",
                null,
                null,
                null,
                null,
                null,
                null);
    }

    static ProviderConfig provider(String id, String apiKey) {
        return ProviderConfig.of(
                id,
                "Provider " + id,
                ProviderKind.OPENAI_COMPATIBLE,
                "https://models.example.test/v1",
                Secret.ofNullable(apiKey),
                Duration.ofSeconds(30),
                3);
    }

    static TurnLog turn(String id, String appId, String conversationId, Instant createdAt) {
        return new TurnLog(
                id,
                appId,
                1,
                "web",
                conversationId,
                "user-" + conversationId,
                "question " + id,
                "answer " + id,
                TurnStatus.OK,
                null,
                120,
                40,
                11,
                22,
                createdAt,
                List.of(),
                null,
                null);
    }
}
