package io.switchboard.runtime.model;

import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpMethod;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.sse.DefaultServerSentEventParser;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventContext;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParsingHandle;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.output.TokenUsage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;

/**
 * Alibaba Cloud Model Studio (DashScope) through its native API: {@code POST
 * {baseUrl}/services/aigc/text-generation/generation} for text models and {@code
 * .../multimodal-generation/generation} for vision models, a bearer key, and for streaming {@code
 * X-DashScope-SSE: enable} with {@code incremental_output}. Written on our LangChain4j HTTP transport
 * rather than through {@code langchain4j-community-dashscope}: that module drives {@code
 * dashscope-sdk-java}, whose one static OkHttp client takes its timeouts from process-wide environment
 * variables only (the module's builders have no timeout), and which would bypass the transport that
 * carries trace context, metrics and the Vert.x event loop — see docs/providers.md. Failures are the
 * transport's {@code HttpException}s with DashScope's error body ({@code code}, {@code message}), so
 * {@link FailureMapper} maps them as for every other kind. Thread-safe.
 */
final class DashScopeChatModel implements ChatModel, StreamingChatModel {
    private static final String TEXT = "/services/aigc/text-generation/generation";
    private static final String MULTIMODAL = "/services/aigc/multimodal-generation/generation";

    private final HttpClient http;
    private final String baseUrl;
    private final String authorization;
    private final ChatRequestParameters defaults;

    DashScopeChatModel(HttpClient http, String baseUrl, String apiKey, ModelSettings settings, Integer maxTokens) {
        this.http = http;
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.authorization = "Bearer " + apiKey;
        this.defaults = DefaultChatRequestParameters.builder()
                .modelName(settings.modelName())
                .temperature(settings.temperature())
                .maxOutputTokens(maxTokens)
                .build();
    }

    // ChatModel and StreamingChatModel both default these: one class implementing both must choose.
    @Override
    public Set<Capability> supportedCapabilities() {
        return Set.of();
    }

    @Override
    public List<ChatModelListener> listeners() {
        return List.of();
    }

    @Override
    public ModelProvider provider() {
        return ModelProvider.OTHER;
    }

    @Override
    public ChatRequestParameters defaultRequestParameters() {
        return defaults;
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        String body = http.execute(request(request, false)).body();
        DashScopeWire.Answer answer = new DashScopeWire.Answer();
        answer.read(DashScopeWire.parse(body));
        return response(answer);
    }

    @Override
    public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
        http.execute(request(request, true), new DefaultServerSentEventParser(), new Events(handler));
    }

    private HttpRequest request(ChatRequest request, boolean stream) {
        String model = request.modelName();
        boolean multimodal = DashScopeWire.multimodal(model, request.messages());
        HttpRequest.Builder builder = HttpRequest.builder()
                .method(HttpMethod.POST)
                .url(baseUrl + (multimodal ? MULTIMODAL : TEXT))
                .addHeader("Authorization", authorization)
                .addHeader("Content-Type", "application/json")
                .addHeader("User-Agent", "switchboard")
                .body(DashScopeWire.body(request, model, multimodal, stream));
        if (stream) {
            builder.addHeader("X-DashScope-SSE", "enable").addHeader("Accept", "text/event-stream");
        }
        return builder.build();
    }

    private static ChatResponse response(DashScopeWire.Answer answer) {
        return ChatResponse.builder()
                .aiMessage(answer.message())
                .finishReason(answer.finishReason)
                .tokenUsage(
                        answer.inputTokens == null && answer.outputTokens == null
                                ? null
                                : new TokenUsage(answer.inputTokens, answer.outputTokens))
                .build();
    }

    /**
     * A stream's events into the handler: each {@code result} event's new text as it comes, the whole
     * answer (tool calls pieced together) at the end; an {@code error} event fails the call.
     */
    private static final class Events implements ServerSentEventListener {
        private final StreamingChatResponseHandler handler;
        private final DashScopeWire.Answer answer = new DashScopeWire.Answer();
        private volatile ServerSentEventParsingHandle parsing;
        private volatile boolean ended;

        Events(StreamingChatResponseHandler handler) {
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
            String fragment;
            try {
                fragment = answer.read(DashScopeWire.parse(event.data()));
            } catch (DashScopeWire.Answer.Unreadable e) {
                fail(e);
                return;
            }
            if (!fragment.isEmpty()) {
                handler.onPartialResponse(new PartialResponse(fragment), new PartialResponseContext(handle()));
            }
        }

        @Override
        public void onClose() {
            if (answer.finishReason == null) {
                // DashScope's last event carries a finish reason: a stream closed before it was cut off.
                fail(new UncheckedIOException(new IOException("the DashScope stream ended before its last event")));
            } else if (!ended) {
                ended = true;
                handler.onCompleteResponse(response(answer));
            }
        }

        @Override
        public void onError(Throwable error) {
            fail(error);
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
}
