package io.switchboard.runtime.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.image.Image;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.internal.JsonSchemaElementUtils;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.output.FinishReason;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * DashScope's native chat body ({@code model}, {@code input.messages}, {@code parameters}) and the
 * {@code output.choices[0]} it answers with, for {@link DashScopeChatModel}. Text models take a message's
 * content as a string ({@code text-generation}); vision models take a list of {@code {"text": ...}} and
 * {@code {"image": ...}} items ({@code multimodal-generation}) and answer with such a list.
 */
final class DashScopeWire {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DashScopeWire() {}

    /** True when {@code request} must go to {@code multimodal-generation}: a vision model or an image. */
    static boolean multimodal(String modelName, List<ChatMessage> messages) {
        String model = modelName.toLowerCase(java.util.Locale.ROOT);
        if (model.contains("-vl") || model.startsWith("qvq") || model.contains("-omni")) {
            return true;
        }
        return messages.stream()
                .anyMatch(m -> m instanceof UserMessage user
                        && user.contents().stream().anyMatch(c -> c instanceof ImageContent));
    }

    /**
     * The request body; {@code stream} asks for incremental output (each event carries only what is new,
     * tool call arguments in pieces), which is what a streaming client wants.
     *
     * @throws UnsupportedFeatureException for what DashScope cannot be asked (a required tool choice, audio)
     */
    static String body(ChatRequest request, String modelName, boolean multimodal, boolean stream) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("model", modelName);
            json.writeObjectFieldStart("input");
            json.writeArrayFieldStart("messages");
            for (ChatMessage message : request.messages()) {
                message(json, message, multimodal);
            }
            json.writeEndArray();
            json.writeEndObject();
            parameters(json, request, stream);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void message(JsonGenerator json, ChatMessage message, boolean multimodal) throws IOException {
        json.writeStartObject();
        switch (message) {
            case SystemMessage system -> {
                json.writeStringField("role", "system");
                text(json, system.text(), multimodal);
            }
            case UserMessage user -> {
                json.writeStringField("role", "user");
                if (multimodal) {
                    json.writeArrayFieldStart("content");
                    for (Content content : user.contents()) {
                        item(json, content);
                    }
                    json.writeEndArray();
                } else if (user.hasSingleText()) {
                    json.writeStringField("content", user.singleText());
                } else {
                    throw new UnsupportedFeatureException(
                            "DashScope text models take text only; images need a vision model (qwen-vl-*)");
                }
            }
            case AiMessage ai -> {
                json.writeStringField("role", "assistant");
                text(json, ai.text() == null ? "" : ai.text(), multimodal);
                if (ai.hasToolExecutionRequests()) {
                    json.writeArrayFieldStart("tool_calls");
                    for (ToolExecutionRequest call : ai.toolExecutionRequests()) {
                        json.writeStartObject();
                        json.writeStringField("id", call.id());
                        json.writeStringField("type", "function");
                        json.writeObjectFieldStart("function");
                        json.writeStringField("name", call.name());
                        json.writeStringField("arguments", call.arguments());
                        json.writeEndObject();
                        json.writeEndObject();
                    }
                    json.writeEndArray();
                }
            }
            case ToolExecutionResultMessage result -> {
                json.writeStringField("role", "tool");
                text(json, result.text(), multimodal);
                json.writeStringField("tool_call_id", result.id());
                json.writeStringField("name", result.toolName());
            }
            default -> throw new UnsupportedFeatureException("DashScope takes no " + message.type() + " messages");
        }
        json.writeEndObject();
    }

    private static void text(JsonGenerator json, String text, boolean multimodal) throws IOException {
        if (multimodal) {
            json.writeArrayFieldStart("content");
            json.writeStartObject();
            json.writeStringField("text", text);
            json.writeEndObject();
            json.writeEndArray();
        } else {
            json.writeStringField("content", text);
        }
    }

    private static void item(JsonGenerator json, Content content) throws IOException {
        json.writeStartObject();
        switch (content) {
            case TextContent text -> json.writeStringField("text", text.text());
            case ImageContent image -> json.writeStringField("image", imageReference(image.image()));
            default -> throw new UnsupportedFeatureException("DashScope takes no " + content.type() + " content here");
        }
        json.writeEndObject();
    }

    /** A URL as it is; inline data as a {@code data:} URL, which DashScope takes in place of one. */
    private static String imageReference(Image image) {
        if (image.url() != null) {
            return image.url().toString();
        }
        String mime = image.mimeType() == null ? "image/png" : image.mimeType();
        return "data:" + mime + ";base64," + image.base64Data();
    }

    private static void parameters(JsonGenerator json, ChatRequest request, boolean stream) throws IOException {
        json.writeObjectFieldStart("parameters");
        json.writeStringField("result_format", "message");
        if (stream) {
            json.writeBooleanField("incremental_output", true);
        }
        if (request.temperature() != null) {
            json.writeNumberField("temperature", request.temperature());
        }
        if (request.topP() != null) {
            json.writeNumberField("top_p", request.topP());
        }
        if (request.topK() != null) {
            json.writeNumberField("top_k", request.topK());
        }
        if (request.maxOutputTokens() != null) {
            json.writeNumberField("max_tokens", request.maxOutputTokens());
        }
        if (request.presencePenalty() != null) {
            json.writeNumberField("presence_penalty", request.presencePenalty());
        }
        // DashScope's native API has no frequency_penalty (its repetition_penalty is a different scale).
        if (request.stopSequences() != null && !request.stopSequences().isEmpty()) {
            json.writeArrayFieldStart("stop");
            for (String stop : request.stopSequences()) {
                json.writeString(stop);
            }
            json.writeEndArray();
        }
        if (request.responseFormat() != null && request.responseFormat().type() == ResponseFormatType.JSON) {
            json.writeObjectFieldStart("response_format");
            json.writeStringField("type", "json_object");
            json.writeEndObject();
        }
        List<ToolSpecification> tools = request.toolSpecifications();
        if (tools != null && !tools.isEmpty()) {
            json.writeArrayFieldStart("tools");
            for (ToolSpecification tool : tools) {
                tool(json, tool);
            }
            json.writeEndArray();
            if (request.toolChoice() != null) {
                switch (request.toolChoice().name()) {
                    case "AUTO" -> json.writeStringField("tool_choice", "auto");
                    case "NONE" -> json.writeStringField("tool_choice", "none");
                    default ->
                        throw new UnsupportedFeatureException(
                                "DashScope cannot be made to call a tool (tool choice " + request.toolChoice() + ")");
                }
            }
        }
        json.writeEndObject();
    }

    private static void tool(JsonGenerator json, ToolSpecification tool) throws IOException {
        json.writeStartObject();
        json.writeStringField("type", "function");
        json.writeObjectFieldStart("function");
        json.writeStringField("name", tool.name());
        if (tool.description() != null) {
            json.writeStringField("description", tool.description());
        }
        json.writeFieldName("parameters");
        if (tool.parameters() == null) {
            json.writeStartObject();
            json.writeStringField("type", "object");
            json.writeObjectFieldStart("properties");
            json.writeEndObject();
            json.writeEndObject();
        } else {
            json.writeObject(JsonSchemaElementUtils.toMap(tool.parameters()));
        }
        json.writeEndObject();
        json.writeEndObject();
    }

    /** A body or an event's data, parsed. */
    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new Answer.Unreadable("DashScope answered something that is not JSON: " + e.getMessage());
        }
    }

    /**
     * What a whole answer or a stream's events said so far: the text, tool calls by index (incremental
     * events carry an id and name first, then the arguments in pieces), the finish reason and usage.
     */
    static final class Answer {
        final StringBuilder text = new StringBuilder();
        final Map<Integer, ToolCall> calls = new TreeMap<>();
        FinishReason finishReason;
        Integer inputTokens;
        Integer outputTokens;

        /**
         * Reads one body or event into this answer and returns the new text it carried ("" for none).
         *
         * @throws Unreadable for an error object ({@code code} and {@code message}) in place of an answer
         */
        String read(JsonNode body) {
            if (body.path("code").isTextual() && !body.path("code").asText().isEmpty() && !body.has("output")) {
                throw new Unreadable(
                        body.path("code").asText() + ": " + body.path("message").asText());
            }
            JsonNode usage = body.path("usage");
            if (usage.path("input_tokens").isInt()) {
                inputTokens = usage.path("input_tokens").asInt();
            }
            if (usage.path("output_tokens").isInt()) {
                outputTokens = usage.path("output_tokens").asInt();
            }
            JsonNode choice = body.path("output").path("choices").path(0);
            String reason = choice.path("finish_reason").asText("null");
            if (!reason.equals("null") && !reason.isEmpty()) {
                finishReason = switch (reason) {
                    case "length" -> FinishReason.LENGTH;
                    case "tool_calls" -> FinishReason.TOOL_EXECUTION;
                    default -> FinishReason.STOP;
                };
            }
            JsonNode message = choice.path("message");
            String fragment = content(message.path("content"));
            text.append(fragment);
            int position = 0;
            for (JsonNode call : message.path("tool_calls")) {
                int index = call.path("index").asInt(position++);
                ToolCall into = calls.computeIfAbsent(index, i -> new ToolCall());
                into.read(call);
            }
            return fragment;
        }

        /** A string for text models, a list of {@code {"text": ...}} items for vision models. */
        private static String content(JsonNode content) {
            if (content.isTextual()) {
                return content.asText();
            }
            StringBuilder text = new StringBuilder();
            for (JsonNode item : content) {
                if (item.path("text").isTextual()) {
                    text.append(item.path("text").asText());
                }
            }
            return text.toString();
        }

        AiMessage message() {
            List<ToolExecutionRequest> requests = new ArrayList<>();
            calls.values().forEach(call -> requests.add(call.request()));
            String answer = text.toString();
            if (requests.isEmpty()) {
                return AiMessage.from(answer);
            }
            return answer.isEmpty() ? AiMessage.from(requests) : AiMessage.from(answer, requests);
        }

        /** An error object or a body that is not JSON: the call failed, and no retry makes it readable. */
        static final class Unreadable extends RuntimeException {
            Unreadable(String message) {
                super(message, null, false, false);
            }
        }
    }

    /** One tool call, pieced together from incremental events or read whole. */
    static final class ToolCall {
        String id;
        String name;
        final StringBuilder arguments = new StringBuilder();

        void read(JsonNode call) {
            if (call.path("id").isTextual() && !call.path("id").asText().isEmpty()) {
                id = call.path("id").asText();
            }
            JsonNode function = call.path("function");
            if (function.path("name").isTextual()
                    && !function.path("name").asText().isEmpty()) {
                name = function.path("name").asText();
            }
            if (function.path("arguments").isTextual()) {
                arguments.append(function.path("arguments").asText());
            }
        }

        ToolExecutionRequest request() {
            return ToolExecutionRequest.builder()
                    .id(id)
                    .name(name)
                    .arguments(arguments.isEmpty() ? "{}" : arguments.toString())
                    .build();
        }
    }
}
