package io.switchboard.runtime.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpMethod;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.sse.DefaultServerSentEventParser;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventContext;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParsingHandle;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The plain chat call of an OpenAI-compatible provider — text messages, no tools, no response format —
 * written and read with Jackson's streaming API over the same LangChain4j HTTP transport the library's
 * client uses. Profiles put LangChain4j's OpenAI client at about a tenth of a developer-API turn's CPU:
 * it maps each request through builders into its own request objects, serialises them pretty-printed
 * and parses the answer through builders again. Everything else (tools, images, JSON modes, Ollama) goes
 * through LangChain4j; see {@link #handles}. The request carries what LangChain4j's would for the same
 * call (model, messages, sampling settings, {@code stream_options.include_usage} when streaming).
 * Failures are the transport's (LangChain4j's {@code HttpException} with the status and body, timeouts,
 * I/O failures), so {@link FailureMapper} maps them as before. Thread-safe.
 */
final class OpenAiDirectClient {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final String DONE = "[DONE]";

    private final HttpClient http;
    private final String url;
    private final String authorization;
    private final ModelSettings settings;

    OpenAiDirectClient(HttpClient http, String baseUrl, String apiKey, ModelSettings settings) {
        this.http = http;
        this.url = (baseUrl.endsWith("/") ? baseUrl : baseUrl + "/") + "chat/completions";
        this.authorization = "Bearer " + apiKey;
        this.settings = settings;
    }

    /**
     * True when this client makes the call exactly as LangChain4j would: an OpenAI-compatible provider,
     * no tools, no response format, and only system messages, user messages of one text without a name,
     * and assistant messages of text only.
     */
    static boolean handles(ProviderConfig provider, List<ChatMessage> messages, boolean tools, CallOptions options) {
        if (provider.kind() != ProviderKind.OPENAI_COMPATIBLE || tools || options.responseFormat() != null) {
            return false;
        }
        for (ChatMessage message : messages) {
            boolean plain = switch (message) {
                case SystemMessage system -> true;
                case UserMessage user -> user.hasSingleText() && user.name() == null;
                case AiMessage ai -> ai.text() != null && !ai.hasToolExecutionRequests() && ai.thinking() == null;
                default -> false;
            };
            if (!plain) {
                return false;
            }
        }
        return true;
    }

    /** One blocking call; what LangChain4j's client would have answered. */
    ChatResponse chat(List<ChatMessage> messages, CallOptions options) {
        String body = http.execute(request(messages, options, false)).body();
        try (JsonParser parser = JSON.createParser(body)) {
            return completion(parser);
        } catch (IOException e) {
            throw new ProviderError("unreadable chat completion: " + e.getMessage());
        }
    }

    /** One streamed call: fragments, then the end, go to {@code handler} (on the transport's thread). */
    void stream(List<ChatMessage> messages, CallOptions options, StreamingChatResponseHandler handler) {
        http.execute(request(messages, options, true), new DefaultServerSentEventParser(), new Chunks(handler));
    }

    private HttpRequest request(List<ChatMessage> messages, CallOptions options, boolean stream) {
        return HttpRequest.builder()
                .method(HttpMethod.POST)
                .url(url)
                .addHeader("Authorization", authorization)
                .addHeader("Content-Type", "application/json")
                .addHeader("User-Agent", "switchboard")
                .body(body(messages, options, stream))
                .build();
    }

    String body(List<ChatMessage> messages, CallOptions options, boolean stream) {
        StringWriter out = new StringWriter(256 + 64 * messages.size());
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("model", settings.modelName());
            json.writeArrayFieldStart("messages");
            for (ChatMessage message : messages) {
                json.writeStartObject();
                switch (message) {
                    case SystemMessage system -> {
                        json.writeStringField("role", "system");
                        json.writeStringField("content", system.text());
                    }
                    case UserMessage user -> {
                        json.writeStringField("role", "user");
                        json.writeStringField("content", user.singleText());
                    }
                    case AiMessage ai -> {
                        json.writeStringField("role", "assistant");
                        json.writeStringField("content", ai.text());
                    }
                    default -> throw new IllegalArgumentException("not a plain message: " + message.type());
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            number(json, "temperature", options.temperature() != null ? options.temperature() : settings.temperature());
            number(json, "top_p", options.topP());
            json.writeBooleanField("stream", stream);
            if (stream) {
                json.writeObjectFieldStart("stream_options");
                json.writeBooleanField("include_usage", true);
                json.writeEndObject();
            }
            if (!options.stop().isEmpty()) {
                json.writeArrayFieldStart("stop");
                for (String stop : options.stop()) {
                    json.writeString(stop);
                }
                json.writeEndArray();
            }
            Integer maxTokens = options.maxTokens() != null ? options.maxTokens() : settings.maxTokens();
            if (maxTokens != null) {
                json.writeNumberField("max_tokens", maxTokens);
            }
            number(json, "presence_penalty", options.presencePenalty());
            number(json, "frequency_penalty", options.frequencyPenalty());
            if (options.user() != null) {
                json.writeStringField("user", options.user());
            }
            if (options.seed() != null) {
                json.writeNumberField("seed", options.seed());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void number(JsonGenerator json, String field, Double value) throws IOException {
        if (value != null) {
            json.writeNumberField(field, value);
        }
    }

    /** A whole {@code chat.completion}: the first choice's text and finish reason, and the usage. */
    private static ChatResponse completion(JsonParser parser) throws IOException {
        Parsed parsed = new Parsed();
        parse(parser, parsed, "message");
        return parsed.response(parsed.text.toString());
    }

    /**
     * Reads one completion or chunk object into {@code into}: {@code choices[0].<content>.content},
     * {@code choices[0].finish_reason}, {@code usage}; everything else is skipped.
     *
     * @param content {@code message} for a completion, {@code delta} for a streamed chunk
     */
    private static void parse(JsonParser parser, Parsed into, String content) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new IOException("a chat completion must be a JSON object");
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (field.equals("choices") && value == JsonToken.START_ARRAY) {
                boolean first = true;
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    if (first) {
                        choice(parser, into, content);
                        first = false;
                    } else {
                        parser.skipChildren();
                    }
                }
            } else if (field.equals("usage") && value == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    JsonToken count = parser.nextToken();
                    if (count == JsonToken.VALUE_NUMBER_INT && name.equals("prompt_tokens")) {
                        into.inputTokens = parser.getIntValue();
                    } else if (count == JsonToken.VALUE_NUMBER_INT && name.equals("completion_tokens")) {
                        into.outputTokens = parser.getIntValue();
                    } else {
                        parser.skipChildren();
                    }
                }
            } else if (field.equals("error") && value != JsonToken.VALUE_NULL) {
                // A provider that fails in the middle of a stream sends an error object as an event.
                throw new ProviderError(value == JsonToken.START_OBJECT ? message(parser) : parser.getText());
            } else {
                parser.skipChildren();
            }
        }
    }

    private static void choice(JsonParser parser, Parsed into, String content) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (field.equals(content) && value == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    JsonToken text = parser.nextToken();
                    if (name.equals("content") && text == JsonToken.VALUE_STRING) {
                        into.fragment = parser.getText();
                        into.text.append(into.fragment);
                    } else {
                        parser.skipChildren();
                    }
                }
            } else if (field.equals("finish_reason") && value == JsonToken.VALUE_STRING) {
                into.finishReason = finishReason(parser.getText());
            } else {
                parser.skipChildren();
            }
        }
    }

    private static String message(JsonParser parser) throws IOException {
        String message = "the provider reported an error";
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (name.equals("message") && value == JsonToken.VALUE_STRING) {
                message = parser.getText();
            } else {
                parser.skipChildren();
            }
        }
        return message;
    }

    /** As LangChain4j maps OpenAI's finish reasons. */
    private static FinishReason finishReason(String reason) {
        return switch (reason) {
            case "length" -> FinishReason.LENGTH;
            case "content_filter" -> FinishReason.CONTENT_FILTER;
            case "tool_calls", "function_call" -> FinishReason.TOOL_EXECUTION;
            default -> FinishReason.STOP;
        };
    }

    /** What a completion or a stream's chunks said so far. */
    private static final class Parsed {
        final StringBuilder text = new StringBuilder();
        String fragment;
        FinishReason finishReason;
        Integer inputTokens;
        Integer outputTokens;

        ChatResponse response(String answer) {
            return ChatResponse.builder()
                    .aiMessage(AiMessage.from(answer))
                    .tokenUsage(
                            inputTokens == null && outputTokens == null
                                    ? null
                                    : new TokenUsage(inputTokens, outputTokens))
                    .finishReason(finishReason)
                    .build();
        }
    }

    /** A stream's events into the handler: each chunk's fragment, then the whole response at the end. */
    private static final class Chunks implements ServerSentEventListener {
        private final StreamingChatResponseHandler handler;
        private final Parsed parsed = new Parsed();
        private volatile ServerSentEventParsingHandle parsing;
        private volatile boolean ended;

        Chunks(StreamingChatResponseHandler handler) {
            this.handler = handler;
        }

        @Override
        public void onEvent(ServerSentEvent event, ServerSentEventContext context) {
            parsing = context.parsingHandle();
            onEvent(event);
        }

        @Override
        public void onEvent(ServerSentEvent event) {
            if (ended || event.data() == null || event.data().isBlank()) {
                return;
            }
            if (event.data().strip().equals(DONE)) {
                end();
                return;
            }
            parsed.fragment = null;
            try (JsonParser parser = JSON.createParser(event.data())) {
                parse(parser, parsed, "delta");
            } catch (ProviderError e) {
                fail(e);
                return;
            } catch (IOException e) {
                fail(new ProviderError("unreadable chat completion chunk: " + e.getMessage()));
                return;
            }
            if (parsed.fragment != null && !parsed.fragment.isEmpty()) {
                handler.onPartialResponse(new PartialResponse(parsed.fragment), new PartialResponseContext(handle()));
            }
        }

        @Override
        public void onClose() {
            end(); // a provider that closes without [DONE] has still answered
        }

        @Override
        public void onError(Throwable error) {
            fail(error);
        }

        private void end() {
            if (!ended) {
                ended = true;
                handler.onCompleteResponse(parsed.response(parsed.text.toString()));
            }
        }

        private void fail(Throwable error) {
            if (!ended) {
                ended = true;
                cancelParsing();
                handler.onError(error);
            }
        }

        private void cancelParsing() {
            ServerSentEventParsingHandle current = parsing;
            if (current != null && !current.isCancelled()) {
                current.cancel();
            }
        }

        private StreamingHandle handle() {
            return new StreamingHandle() {
                @Override
                public void cancel() {
                    ended = true;
                    cancelParsing();
                }

                @Override
                public boolean isCancelled() {
                    ServerSentEventParsingHandle current = parsing;
                    return current != null && current.isCancelled();
                }
            };
        }
    }

    /** An error object the provider sent in place of a completion or chunk, or a body that is no JSON. */
    private static final class ProviderError extends RuntimeException {
        ProviderError(String message) {
            super(message, null, false, false);
        }
    }
}
