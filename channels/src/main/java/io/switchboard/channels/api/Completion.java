package io.switchboard.channels.api;

import io.switchboard.channels.spi.TurnReply;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One answer's identity and the OpenAI objects that carry it: {@code chat.completion} and the
 * {@code chat.completion.chunk}s of a stream, all with the same id, created time and model.
 *
 * @param conversationId the caller's conversation id (unscoped), echoed as {@code conversation_id};
 *     null for a stateless request
 */
record Completion(String id, long created, String model, String conversationId) {
    Completion {
        if (id == null || model == null) {
            throw new IllegalArgumentException("id and model are required");
        }
    }

    JsonObject complete(TurnReply reply) {
        boolean calls = !reply.toolCalls().isEmpty();
        var message = new JsonObject()
                .put("role", "assistant")
                .put("content", calls && reply.text().isEmpty() ? null : reply.text())
                .put("refusal", null)
                .put("annotations", new JsonArray());
        if (calls) {
            message.put("tool_calls", toolCalls(reply, false));
        }
        var choice = new JsonObject()
                .put("index", 0)
                .put("message", message)
                .put("logprobs", null)
                .put("finish_reason", reply.finishReason());
        return header("chat.completion")
                .put("choices", new JsonArray().add(choice))
                .put("usage", usage(reply))
                .put("sources", sources(reply));
    }

    JsonObject firstChunk() {
        return chunk(new JsonObject().put("role", "assistant").put("content", ""), null);
    }

    JsonObject contentChunk(String delta) {
        return chunk(new JsonObject().put("content", delta), null);
    }

    /** The model's calls of the client's tools, whole, in one delta (as OpenAI may send them). */
    JsonObject toolCallsChunk(TurnReply reply) {
        return chunk(new JsonObject().put("tool_calls", toolCalls(reply, true)), null);
    }

    /** The last content chunk; carries the cited sources (a Switchboard extension OpenAI clients ignore). */
    JsonObject finalChunk(TurnReply reply) {
        return chunk(new JsonObject(), reply.finishReason()).put("sources", sources(reply));
    }

    private static JsonArray toolCalls(TurnReply reply, boolean indexed) {
        JsonArray calls = new JsonArray();
        for (int i = 0; i < reply.toolCalls().size(); i++) {
            var call = reply.toolCalls().get(i);
            var json = new JsonObject();
            if (indexed) {
                json.put("index", i);
            }
            calls.add(json.put("id", call.id())
                    .put("type", "function")
                    .put("function", new JsonObject().put("name", call.name()).put("arguments", call.arguments())));
        }
        return calls;
    }

    JsonObject usageChunk(TurnReply reply) {
        return header("chat.completion.chunk").put("choices", new JsonArray()).put("usage", usage(reply));
    }

    private JsonObject chunk(JsonObject delta, String finishReason) {
        var choice = new JsonObject()
                .put("index", 0)
                .put("delta", delta)
                .put("logprobs", null)
                .put("finish_reason", finishReason);
        return header("chat.completion.chunk").put("choices", new JsonArray().add(choice));
    }

    private JsonObject header(String object) {
        var header = new JsonObject()
                .put("id", id)
                .put("object", object)
                .put("created", created)
                .put("model", model);
        return conversationId == null ? header : header.put("conversation_id", conversationId);
    }

    /** {@code [{"name","passage"}]}: the knowledge passages the answer drew on, best first. */
    private static JsonArray sources(TurnReply reply) {
        JsonArray sources = new JsonArray();
        for (TurnReply.Source source : reply.sources()) {
            sources.add(new JsonObject().put("name", source.name()).put("passage", source.passage()));
        }
        return sources;
    }

    private static JsonObject usage(TurnReply reply) {
        return new JsonObject()
                .put("prompt_tokens", reply.inputTokens())
                .put("completion_tokens", reply.outputTokens())
                .put("total_tokens", reply.inputTokens() + reply.outputTokens());
    }
}
