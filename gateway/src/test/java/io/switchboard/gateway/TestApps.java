package io.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.gateway.HttpTestClient.Event;
import io.switchboard.gateway.HttpTestClient.Reply;
import io.switchboard.testkit.FakeOpenAiServer;
import java.util.ArrayList;
import java.util.List;

/** The sample app switched to a fake OpenAI-compatible model and published, through the admin API. */
public final class TestApps {
    public static final String APP = "switchboard-guide";

    private TestApps() {}

    /** Adds provider {@code fake} at {@code modelBaseUrl} and publishes the sample app answering with it. */
    public static void publishWithModel(HttpTestClient admin, String modelBaseUrl) {
        Reply provider = admin.send(
                "POST",
                "/admin/v1/providers",
                "{\"id\":\"fake\",\"name\":\"Fake\",\"kind\":\"OPENAI_COMPATIBLE\",\"baseUrl\":\"" + modelBaseUrl
                        + "\",\"apiKey\":\"sk-test\",\"timeoutMs\":5000,\"maxRetries\":1}");
        assertThat(provider.status()).as(provider.body()).isEqualTo(201);
        JsonNode draft = admin.send("GET", "/admin/v1/apps/" + APP, null).json().get("draft");
        String modelDraft = draft.toString()
                .replaceFirst("\"qaPairs\":\\[.*?]", "\"qaPairs\":[]")
                .replaceFirst("\"model\":null", "\"model\":{\"providerId\":\"fake\",\"modelName\":\"fake-model\"}");
        assertThat(admin.send("PUT", "/admin/v1/apps/" + APP + "/draft", modelDraft)
                        .status())
                .isEqualTo(200);
        assertThat(admin.send("POST", "/admin/v1/apps/" + APP + "/publish", "{\"note\":\"model\"}")
                        .status())
                .isEqualTo(201);
    }

    /** The web chat's final answer to {@code text} in {@code conversationId}. */
    public static String webChat(HttpTestClient client, String conversationId, String text) {
        return webChatMessage(client, "{\"conversationId\":\"" + conversationId + "\",\"text\":\"" + text + "\"}");
    }

    /** The web chat's final answer to a message request {@code body} (JSON). */
    public static String webChatMessage(HttpTestClient client, String body) {
        List<Event> events = client.events("/chat/" + APP + "/messages", body);
        return events.stream()
                .filter(e -> e.name().equals("done"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no done event in " + events))
                .data()
                .get("text")
                .asText();
    }

    /** The messages of the model's last request as {@code role:content}, the system prompt's content left out. */
    public static List<String> lastMessages(FakeOpenAiServer model) {
        JsonNode sent;
        try {
            sent = new ObjectMapper().readTree(model.requests().getLast().body().encode());
        } catch (java.io.IOException e) {
            throw new AssertionError("the model's last request is not JSON", e);
        }
        List<String> messages = new ArrayList<>();
        for (JsonNode message : sent.get("messages")) {
            String role = message.get("role").asText();
            messages.add(role + ":"
                    + (role.equals("system") ? "" : message.get("content").asText()));
        }
        return messages;
    }
}
