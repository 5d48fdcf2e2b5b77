package io.switchboard.channels.api;

import io.switchboard.channels.spi.ApiCaller;
import io.switchboard.channels.spi.Embeddings;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /v1/embeddings} as OpenAI serves it, on Switchboard's embedding models: {@code model} is
 * the key's app (the model its knowledge uses) or an in-process model's name; {@code input} a string
 * or up to {@link #MAX_INPUTS} strings; {@code encoding_format} {@code float} or {@code base64}
 * (little-endian float32, what OpenAI's Python client asks for).
 */
final class EmbeddingsHandler implements Handler<RoutingContext> {
    static final int MAX_INPUTS = 256;
    static final int MAX_INPUT_CHARS = 8_192;
    private static final Set<String> ACCEPTED = Set.of("model", "input", "encoding_format", "dimensions", "user");

    private final Embeddings embeddings;

    EmbeddingsHandler(Embeddings embeddings) {
        this.embeddings = embeddings;
    }

    @Override
    public void handle(RoutingContext rc) {
        if (embeddings == null) {
            throw new ApiError(404, "invalid_request_error", null, null, "embeddings are not available here");
        }
        ApiCaller caller = BearerAuth.caller(rc);
        JsonObject json = body(rc.body().buffer());
        for (String field : json.fieldNames()) {
            if (!ACCEPTED.contains(field)) {
                throw ApiError.invalidRequest(field, "Unrecognized request argument supplied: " + field);
            }
        }
        if (!(json.getValue("model") instanceof String model) || model.isBlank()) {
            throw ApiError.invalidRequest("model", "you must provide a model parameter");
        }
        if (!model.equals(caller.appId()) && !Embeddings.IN_PROCESS_MODELS.contains(model)) {
            throw ApiError.modelNotFound(model);
        }
        List<String> inputs = inputs(json.getValue("input"));
        Object format = json.getValue("encoding_format");
        if (format != null && !"float".equals(format) && !"base64".equals(format)) {
            throw ApiError.invalidRequest("encoding_format", "encoding_format must be 'float' or 'base64'");
        }
        Object dimensions = json.getValue("dimensions");
        if (dimensions != null && !(dimensions instanceof Integer || dimensions instanceof Long)) {
            throw ApiError.invalidRequest("dimensions", "dimensions must be an integer");
        }
        if (json.getValue("user") != null && !(json.getValue("user") instanceof String)) {
            throw ApiError.invalidRequest("user", "user must be a string");
        }
        boolean base64 = "base64".equals(format);
        embeddings
                .embed(caller.appId(), model, inputs)
                .onSuccess(result -> {
                    int size = result.vectors().isEmpty() ? 0 : result.vectors().getFirst().length;
                    if (dimensions != null && ((Number) dimensions).intValue() != size) {
                        rc.fail(ApiError.invalidRequest(
                                "dimensions", "model '" + result.model() + "' has " + size + " dimensions only"));
                        return;
                    }
                    JsonArray data = new JsonArray();
                    for (int i = 0; i < result.vectors().size(); i++) {
                        float[] vector = result.vectors().get(i);
                        data.add(new JsonObject()
                                .put("object", "embedding")
                                .put("index", i)
                                .put("embedding", base64 ? base64(vector) : floats(vector)));
                    }
                    rc.response()
                            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                            .end(new JsonObject()
                                    .put("object", "list")
                                    .put("data", data)
                                    .put("model", result.model())
                                    .put(
                                            "usage",
                                            new JsonObject()
                                                    .put("prompt_tokens", result.promptTokens())
                                                    .put("total_tokens", result.promptTokens()))
                                    .encode());
                })
                .onFailure(failure -> rc.fail(ApiError.from(failure, model)));
    }

    private static List<String> inputs(Object input) {
        List<String> inputs = new ArrayList<>();
        if (input instanceof String text) {
            inputs.add(text);
        } else if (input instanceof JsonArray array && !array.isEmpty() && array.size() <= MAX_INPUTS) {
            for (int i = 0; i < array.size(); i++) {
                if (!(array.getValue(i) instanceof String text)) {
                    throw ApiError.invalidRequest(
                            "input", "input must be a string or an array of strings (token arrays are not supported)");
                }
                inputs.add(text);
            }
        } else {
            throw ApiError.invalidRequest(
                    "input", "input must be a string or an array of 1 to " + MAX_INPUTS + " strings");
        }
        for (int i = 0; i < inputs.size(); i++) {
            String text = CompletionRequest.clean(inputs.get(i)).strip();
            if (text.isEmpty() || text.length() > MAX_INPUT_CHARS) {
                throw ApiError.invalidRequest(
                        "input",
                        "input " + i + " must hold 1 to " + MAX_INPUT_CHARS
                                + " characters (once control characters are removed)");
            }
            inputs.set(i, text);
        }
        return inputs;
    }

    private static JsonArray floats(float[] vector) {
        JsonArray array = new JsonArray();
        for (float v : vector) {
            array.add(v);
        }
        return array;
    }

    private static String base64(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : vector) {
            bytes.putFloat(v);
        }
        return Base64.getEncoder().encodeToString(bytes.array());
    }

    private static JsonObject body(Buffer body) {
        try {
            if (body != null && body.length() > 0 && Json.decodeValue(body) instanceof JsonObject json) {
                return json;
            }
        } catch (DecodeException e) {
            throw ApiError.invalidRequest(null, "the request body is not valid JSON");
        }
        throw ApiError.invalidRequest(null, "the request body must be a JSON object");
    }
}
