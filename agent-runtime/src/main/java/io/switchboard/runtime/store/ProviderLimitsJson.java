package io.switchboard.runtime.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.runtime.model.ProviderLimits;
import java.io.IOException;
import java.time.Duration;

/** The JSON form of {@link ProviderLimits} in {@code providers.limits_json}: null for the defaults. */
final class ProviderLimitsJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ProviderLimitsJson() {}

    static String write(ProviderLimits limits) {
        if (limits == null || limits.equals(ProviderLimits.DEFAULT)) {
            return null;
        }
        ObjectNode node = MAPPER.createObjectNode()
                .put("failureRateThreshold", limits.failureRateThreshold())
                .put("slidingWindowSize", limits.slidingWindowSize())
                .put("minimumCalls", limits.minimumCalls())
                .put("openDurationMs", limits.openDuration().toMillis())
                .put("maxConcurrentCalls", limits.maxConcurrentCalls())
                .put("maxWaitMs", limits.maxWait().toMillis())
                .put("keyCoolDownMs", limits.keyCoolDown().toMillis());
        return node.toString();
    }

    /** Missing fields take their defaults, so limits written before a new one was added still read. */
    static ProviderLimits read(String json, String providerId) {
        if (json == null || json.isBlank()) {
            return ProviderLimits.DEFAULT;
        }
        try {
            JsonNode node = MAPPER.readTree(json);
            ProviderLimits d = ProviderLimits.DEFAULT;
            return new ProviderLimits(
                    node.path("failureRateThreshold").asInt(d.failureRateThreshold()),
                    node.path("slidingWindowSize").asInt(d.slidingWindowSize()),
                    node.path("minimumCalls").asInt(d.minimumCalls()),
                    Duration.ofMillis(
                            node.path("openDurationMs").asLong(d.openDuration().toMillis())),
                    node.path("maxConcurrentCalls").asInt(d.maxConcurrentCalls()),
                    Duration.ofMillis(node.path("maxWaitMs").asLong(d.maxWait().toMillis())),
                    Duration.ofMillis(
                            node.path("keyCoolDownMs").asLong(d.keyCoolDown().toMillis())));
        } catch (IOException | IllegalArgumentException e) {
            throw new StoreException(
                    "stored limits of provider '" + providerId + "' cannot be read: " + e.getMessage());
        }
    }
}
