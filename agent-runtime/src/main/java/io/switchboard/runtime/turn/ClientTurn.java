package io.switchboard.runtime.turn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import io.switchboard.runtime.app.ApiSettings;
import io.switchboard.runtime.app.AppConfig;
import io.switchboard.runtime.memory.ChatEntry;
import io.switchboard.runtime.memory.TokenBudget;
import io.switchboard.runtime.model.CallOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A developer-API client's request checked against its app's {@link ApiSettings} and turned into what
 * the model call needs: per-call options, the client's tools as specifications, its messages.
 */
final class ClientTurn {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double TEMPERATURE_CAP = 2.0;

    private final ClientRequest client;
    private final CallOptions options;
    private final List<ToolSpecification> tools;

    private ClientTurn(ClientRequest client, CallOptions options, List<ToolSpecification> tools) {
        this.client = client;
        this.options = options;
        this.tools = tools;
    }

    /** No client: an ordinary channel's turn. */
    static final ClientTurn NONE = new ClientTurn(null, CallOptions.NONE, List.of());

    /**
     * @throws InvalidClientRequest when the request goes beyond what the app allows
     */
    static ClientTurn of(AppConfig config, ClientRequest client) {
        if (client == null) {
            return NONE;
        }
        ApiSettings api = config.api();
        ClientRequest.Sampling sampling = client.sampling();
        double maxTemperature = api.maxTemperature() == null ? TEMPERATURE_CAP : api.maxTemperature();
        if (sampling.temperature() != null && sampling.temperature() > maxTemperature) {
            throw new InvalidClientRequest(
                    "temperature", "temperature may be at most " + maxTemperature + " for this app");
        }
        if (sampling.maxTokens() != null && api.maxTokens() > 0 && sampling.maxTokens() > api.maxTokens()) {
            throw new InvalidClientRequest(
                    "max_tokens",
                    "max_tokens (max_completion_tokens) may be at most " + api.maxTokens() + " for this app");
        }
        if (client.hasTools() && api.clientTools() == ApiSettings.ClientTools.REFUSE) {
            throw new InvalidClientRequest(
                    "tools", "this app does not accept client tools (its api.clientTools setting is 'refuse')");
        }
        if ((client.hasTools() || client.responseFormatJson() != null) && config.offline()) {
            throw new InvalidClientRequest(
                    client.hasTools() ? "tools" : "response_format",
                    "this app has no model (it answers from its Q&A pairs), so it cannot take "
                            + (client.hasTools() ? "tools" : "a response_format"));
        }
        List<ToolSpecification> tools = client.hasTools() ? tools(client.toolsJson()) : List.of();
        CallOptions options = new CallOptions(
                sampling.temperature(),
                sampling.topP(),
                sampling.maxTokens(),
                sampling.stop(),
                sampling.seed(),
                sampling.presencePenalty(),
                sampling.frequencyPenalty(),
                sampling.user(),
                responseFormat(client.responseFormatJson()),
                tools.isEmpty() ? null : toolChoice(client.toolChoiceJson()));
        return new ClientTurn(client, options, tools);
    }

    CallOptions options() {
        return options;
    }

    /** The client's functions, offered to the model next to the app's own tools. */
    List<ToolSpecification> tools() {
        return tools;
    }

    /** True when the model is called whatever the Q&A pairs say (a response format or tools were asked for). */
    boolean needsModel() {
        return client != null && (client.hasTools() || client.responseFormatJson() != null);
    }

    boolean stateless() {
        return client != null && client.stateless();
    }

    /** The client's system message and what the app does with it. */
    String systemMessage(ApiSettings api) {
        return client == null || api.systemMessage() == ApiSettings.SystemMessage.IGNORE
                ? null
                : client.systemMessage();
    }

    /**
     * The client's messages for the prompt; the stateless history is trimmed, oldest first, to the
     * app's memory token budget (the messages from the last user message on are always kept).
     *
     * @param question the last user message as the turn prepared it (with an image for a vision model)
     */
    List<ChatMessage> messages(AppConfig config, UserMessage question) {
        if (client == null) {
            return List.of(question);
        }
        List<ClientRequest.Message> all = client.messages();
        int lastUser = -1;
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).role() == ClientRequest.Message.Role.USER) {
                lastUser = i;
                break;
            }
        }
        List<ChatMessage> out = new ArrayList<>();
        if (lastUser > 0) {
            List<ClientRequest.Message> earlier = all.subList(0, lastUser);
            int budget = config.memory().tokenBudget();
            int used = 0;
            int from = earlier.size();
            while (from > 0) {
                ClientRequest.Message message = earlier.get(from - 1);
                int cost = TokenBudget.estimate(message.text())
                        + 4
                        + message.toolCalls().stream()
                                .mapToInt(call -> TokenBudget.estimate(call.arguments()) + 4)
                                .sum();
                if (used + cost > budget) {
                    break;
                }
                used += cost;
                from--;
            }
            // A tool result without the call it answers would be refused by the model: start after it.
            while (from < earlier.size() && earlier.get(from).role() == ClientRequest.Message.Role.TOOL) {
                from++;
            }
            for (ClientRequest.Message message : earlier.subList(from, earlier.size())) {
                out.add(message(message));
            }
        }
        out.add(question);
        for (ClientRequest.Message message : all.subList(Math.max(lastUser + 1, 0), all.size())) {
            out.add(message(message));
        }
        return out;
    }

    /** The stateless history as memory entries (for the Q&A and knowledge steps, which read text only). */
    List<ChatEntry> textHistory() {
        if (client == null) {
            return List.of();
        }
        return client.messages().stream()
                .filter(m ->
                        m.role() != ClientRequest.Message.Role.TOOL && !m.text().isEmpty())
                .map(m -> new ChatEntry(
                        m.role() == ClientRequest.Message.Role.USER ? ChatEntry.Role.USER : ChatEntry.Role.ASSISTANT,
                        m.text()))
                .toList();
    }

    private static ChatMessage message(ClientRequest.Message message) {
        return switch (message.role()) {
            case USER -> UserMessage.from(message.text());
            case ASSISTANT -> {
                if (message.toolCalls().isEmpty()) {
                    yield AiMessage.from(message.text());
                }
                List<ToolExecutionRequest> calls = message.toolCalls().stream()
                        .map(call -> ToolExecutionRequest.builder()
                                .id(call.id())
                                .name(call.name())
                                .arguments(call.arguments())
                                .build())
                        .toList();
                yield message.text().isEmpty() ? AiMessage.from(calls) : AiMessage.from(message.text(), calls);
            }
            case TOOL -> ToolExecutionResultMessage.from(message.toolCallId(), null, message.text());
        };
    }

    /** OpenAI's {@code tools}: {@code [{"type":"function","function":{name, description, parameters}}]}. */
    private static List<ToolSpecification> tools(String json) {
        JsonNode array = parse(json, "tools");
        if (!array.isArray() || array.isEmpty() || array.size() > 128) {
            throw new InvalidClientRequest("tools", "tools must be an array of 1 to 128 tools");
        }
        List<ToolSpecification> specs = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String param = "tools[" + i + "]";
            JsonNode tool = array.get(i);
            if (!"function".equals(tool.path("type").asText())) {
                throw new InvalidClientRequest(param + ".type", param + ".type must be 'function'");
            }
            JsonNode function = tool.path("function");
            String name = function.path("name").asText("");
            if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
                throw new InvalidClientRequest(
                        param + ".function.name", param + ".function.name must be 1 to 64 of A-Z, a-z, 0-9, _ or -");
            }
            ToolSpecification.Builder spec = ToolSpecification.builder().name(name);
            if (function.path("description").isTextual()) {
                spec.description(function.path("description").asText());
            }
            JsonNode parameters = function.path("parameters");
            if (!parameters.isMissingNode() && !parameters.isNull()) {
                spec.parameters(objectSchema(parameters, param + ".function.parameters"));
            }
            specs.add(spec.build());
        }
        return specs;
    }

    /** The client's schema kept as it is, property by property (LangChain4j wants an object at the top). */
    private static JsonObjectSchema objectSchema(JsonNode parameters, String param) {
        if (!parameters.isObject() || !"object".equals(parameters.path("type").asText("object"))) {
            throw new InvalidClientRequest(param, param + " must be a JSON schema of type 'object'");
        }
        JsonObjectSchema.Builder schema = JsonObjectSchema.builder();
        if (parameters.path("description").isTextual()) {
            schema.description(parameters.path("description").asText());
        }
        Iterator<Map.Entry<String, JsonNode>> properties =
                parameters.path("properties").properties().iterator();
        while (properties.hasNext()) {
            Map.Entry<String, JsonNode> property = properties.next();
            schema.addProperty(
                    property.getKey(), JsonRawSchema.from(property.getValue().toString()));
        }
        List<String> required = new ArrayList<>();
        parameters.path("required").forEach(name -> required.add(name.asText()));
        schema.required(required);
        if (parameters.path("additionalProperties").isBoolean()) {
            schema.additionalProperties(parameters.path("additionalProperties").asBoolean());
        }
        return schema.build();
    }

    private static ToolChoice toolChoice(String json) {
        if (json == null) {
            return null;
        }
        JsonNode choice = parse(json, "tool_choice");
        return switch (choice.isTextual() ? choice.asText() : "") {
            case "auto" -> ToolChoice.AUTO;
            case "none" -> ToolChoice.NONE;
            case "required" -> ToolChoice.REQUIRED;
            default ->
                throw new InvalidClientRequest(
                        "tool_choice",
                        "tool_choice must be 'auto', 'none' or 'required'; naming one function is not supported");
        };
    }

    /** {@code {"type":"text"}}, {@code {"type":"json_object"}} or {@code {"type":"json_schema","json_schema":{name, schema}}}. */
    private static ResponseFormat responseFormat(String json) {
        if (json == null) {
            return null;
        }
        JsonNode format = parse(json, "response_format");
        String type = format.path("type").asText("");
        return switch (type) {
            case "text" -> null;
            case "json_object" -> ResponseFormat.JSON;
            case "json_schema" -> {
                JsonNode schema = format.path("json_schema");
                String name = schema.path("name").asText("");
                if (!name.matches("[A-Za-z0-9_-]{1,64}")
                        || !schema.path("schema").isObject()) {
                    throw new InvalidClientRequest(
                            "response_format.json_schema",
                            "response_format.json_schema needs a name (1 to 64 of A-Z, a-z, 0-9, _ or -) and a schema object");
                }
                yield ResponseFormat.builder()
                        .type(ResponseFormatType.JSON)
                        .jsonSchema(JsonSchema.builder()
                                .name(name)
                                .rootElement(
                                        JsonRawSchema.from(schema.path("schema").toString()))
                                .build())
                        .build();
            }
            default ->
                throw new InvalidClientRequest(
                        "response_format.type", "response_format.type must be 'text', 'json_object' or 'json_schema'");
        };
    }

    private static JsonNode parse(String json, String param) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new InvalidClientRequest(param, param + " is not valid JSON");
        }
    }
}
