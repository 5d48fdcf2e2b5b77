package io.switchboard.runtime.moderation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.runtime.model.ProviderConfig;
import io.switchboard.runtime.net.FetchException;
import io.switchboard.runtime.net.HttpCall;
import io.switchboard.runtime.net.HttpResult;
import io.switchboard.runtime.net.SafeHttpClient;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A provider's OpenAI-compatible moderation endpoint, {@code POST {baseUrl}/moderations}, called through
 * the SSRF guard ({@link SafeHttpClient}) like every outbound URL an admin configures. Blocking; call from
 * a virtual thread.
 */
final class ProviderModeration {
    private static final Logger LOG = LoggerFactory.getLogger(ProviderModeration.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SafeHttpClient hosted;
    private final SafeHttpClient selfHosted;

    /**
     * @param hosted for {@link io.switchboard.runtime.model.ProviderKind#hosted() hosted} providers: the SSRF policy
     * @param selfHosted for the other kinds, whose base URL may well be a private address (as for their chat calls)
     */
    ProviderModeration(SafeHttpClient hosted, SafeHttpClient selfHosted) {
        this.hosted = hosted;
        this.selfHosted = selfHosted;
    }

    /**
     * The categories the provider flagged in {@code text}; empty when it passed. A check that fails
     * (unreachable, refused, unreadable) lets the text pass and is logged: moderation by keywords still
     * applies, and a provider outage must not silence every app.
     */
    List<String> flagged(ProviderConfig provider, String modelName, String text) {
        ObjectNode body = JSON.createObjectNode().put("input", text);
        if (modelName != null) {
            body.put("model", modelName);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        if (provider.apiKey() != null) {
            headers.put("Authorization", "Bearer " + provider.apiKey().reveal());
        }
        try {
            URI uri = URI.create(provider.baseUrl().replaceAll("/+$", "") + "/moderations");
            SafeHttpClient http = provider.kind().hosted() ? hosted : selfHosted;
            HttpResult result =
                    http.send(new HttpCall("POST", uri, headers, body.toString().getBytes(StandardCharsets.UTF_8)));
            if (!result.successful()) {
                LOG.warn(
                        "moderation check of provider {} answered HTTP {}; the text passes",
                        provider.id(),
                        result.status());
                return List.of();
            }
            return categories(JSON.readTree(result.body()));
        } catch (FetchException | IOException | IllegalArgumentException e) {
            LOG.warn("moderation check of provider {} failed; the text passes: {}", provider.id(), e.getMessage());
            return List.of();
        }
    }

    private static List<String> categories(JsonNode response) {
        List<String> flagged = new ArrayList<>();
        for (JsonNode result : response.path("results")) {
            if (!result.path("flagged").asBoolean(false)) {
                continue;
            }
            Iterator<Map.Entry<String, JsonNode>> categories =
                    result.path("categories").fields();
            while (categories.hasNext()) {
                Map.Entry<String, JsonNode> category = categories.next();
                if (category.getValue().asBoolean(false) && !flagged.contains(category.getKey())) {
                    flagged.add(category.getKey());
                }
            }
            if (flagged.isEmpty()) {
                flagged.add("flagged");
            }
        }
        return flagged;
    }
}
