package io.switchboard.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.runtime.model.ProviderConfig;
import io.switchboard.runtime.model.ProviderKind;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks a provider which models it serves, for the console's model picker: {@code GET {baseUrl}/models}
 * (OpenAI-compatible, Anthropic and Gemini, each with its own key header) or {@code GET
 * {baseUrl}/api/tags} (Ollama); Azure OpenAI and DashScope's native API cannot be asked (400). Blocking:
 * call it on a virtual thread. A provider that cannot be asked is a 502 naming what went wrong.
 */
final class ProviderModels {
    private static final Duration MAX_WAIT = Duration.ofSeconds(10);
    private static final int MAX_MODELS = 1000;

    private final ObjectMapper mapper = new ObjectMapper();

    // A kind that cannot list is 409, not 400: the request is well formed, the provider's kind refuses it.
    List<String> list(ProviderConfig provider) {
        ProviderKind kind = provider.kind();
        if (kind == ProviderKind.AZURE_OPENAI) {
            // Azure's data plane has no deployment listing an api-key may read (that is the management API).
            throw new ApiException(
                    409,
                    "listing_unsupported",
                    "provider '" + provider.id() + "' is AZURE_OPENAI: its deployments cannot"
                            + " be listed with an API key; type the deployment name as the app's model name");
        }
        if (kind == ProviderKind.DASHSCOPE) {
            // The native API has no model listing (only its OpenAI-compatible mode has /models).
            throw new ApiException(
                    409,
                    "listing_unsupported",
                    "provider '" + provider.id() + "' is DASHSCOPE: its native API cannot list"
                            + " models; type the model name (e.g. qwen-plus, qwen-vl-max) as the app's model name");
        }
        boolean ollama = kind == ProviderKind.OLLAMA;
        String base = provider.baseUrl().replaceAll("/+$", "");
        URI uri = URI.create(base + (ollama ? "/api/tags" : "/models"));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(provider.timeout().compareTo(MAX_WAIT) < 0 ? provider.timeout() : MAX_WAIT)
                .header("accept", "application/json")
                .GET();
        if (provider.apiKey() != null) {
            switch (kind) {
                case ANTHROPIC ->
                    request.header("x-api-key", provider.apiKey().reveal())
                            .header("anthropic-version", provider.options().apiVersion());
                case GEMINI ->
                    request.header("x-goog-api-key", provider.apiKey().reveal());
                case OPENAI_COMPATIBLE ->
                    request.header(
                            "authorization", "Bearer " + provider.apiKey().reveal());
                default -> {} // Ollama has no keys
            }
        }
        HttpResponse<byte[]> response;
        // A client per call, closed after it: listing models is rare, and a client kept for the
        // node's life holds a selector thread that outlives a failed start.
        try (HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build()) {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw unavailable(provider, "could not be reached (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(provider, "was not asked: interrupted");
        }
        if (response.statusCode() != 200) {
            throw unavailable(provider, "answered HTTP " + response.statusCode() + " to GET " + uri.getPath());
        }
        JsonNode body;
        try {
            body = mapper.readTree(response.body());
        } catch (IOException e) {
            throw unavailable(provider, "answered GET " + uri.getPath() + " with something that is not JSON");
        }
        List<String> names = new ArrayList<>();
        boolean gemini = kind == ProviderKind.GEMINI;
        for (JsonNode model : body.path(ollama || gemini ? "models" : "data")) {
            String name = model.path(ollama || gemini ? "name" : "id").asText("");
            if (gemini) {
                name = name.replaceFirst("^models/", ""); // Gemini names are "models/ID"; requests take the ID
            }
            if (!name.isBlank() && names.size() < MAX_MODELS) {
                names.add(name);
            }
        }
        names.sort(String::compareTo);
        return names;
    }

    private static ApiException unavailable(ProviderConfig provider, String what) {
        return new ApiException(502, "provider_unavailable", "provider '" + provider.id() + "' " + what);
    }
}
