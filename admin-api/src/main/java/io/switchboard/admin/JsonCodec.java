package io.switchboard.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Strict JSON for request and response bodies: unknown fields, wrong types, coerced scalars, duplicate
 * keys, trailing garbage and text {@link TextGuard} refuses are all refused, and every refusal becomes a
 * 400 naming the field.
 */
final class JsonCodec {
    private static final int MAX_DETAIL = 200;
    private final ObjectMapper mapper;

    JsonCodec() {
        SimpleModule instants = new SimpleModule("instants").addSerializer(Instant.class, ToStringSerializer.instance);
        mapper = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // Off on purpose: the records treat an omitted number as "use the default" (qaThreshold 0).
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .withCoercionConfig(
                        LogicalType.Textual,
                        config -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .addModule(instants)
                .build();
    }

    /** Reads the request body as {@code type}; an empty body is refused. */
    <T> T read(RoutingContext ctx, Class<T> type) {
        return read(ctx.body().buffer(), type, false);
    }

    /** Reads the request body as {@code type}; an empty body counts as {@code {}}. */
    <T> T readOptional(RoutingContext ctx, Class<T> type) {
        return read(ctx.body().buffer(), type, true);
    }

    <T> T read(Buffer body, Class<T> type, boolean emptyIsObject) {
        byte[] bytes = body == null ? new byte[0] : body.getBytes();
        if (isBlank(bytes)) {
            if (!emptyIsObject) {
                throw ApiException.badRequest("request body must be a JSON object");
            }
            bytes = "{}".getBytes();
        }
        T value;
        try {
            // Parsed twice: the tree is checked whole (every string, wherever it sits) before binding.
            TextGuard.check(mapper.readTree(bytes));
            value = mapper.readValue(bytes, type);
        } catch (JsonProcessingException e) {
            throw translate(e);
        } catch (IOException e) {
            throw ApiException.badRequest("request body could not be read");
        }
        if (value == null) {
            throw ApiException.badRequest("request body must be a JSON object");
        }
        return value;
    }

    /** Reads the request body as a JSON object tree (for a merge patch); an empty body is refused. */
    JsonNode readObject(RoutingContext ctx) {
        JsonNode node = read(ctx.body().buffer(), JsonNode.class, false);
        if (!node.isObject()) {
            throw ApiException.badRequest("request body must be a JSON object");
        }
        return node;
    }

    /** {@code value} as a JSON tree, as it would be written. */
    JsonNode toTree(Object value) {
        return mapper.valueToTree(value);
    }

    /** Binds a tree to {@code type} with the same strictness as a request body. */
    <T> T fromTree(JsonNode tree, Class<T> type) {
        try {
            return mapper.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw translate(e);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    Buffer write(Object value) {
        try {
            return Buffer.buffer(mapper.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response could not be serialised: " + value.getClass(), e);
        }
    }

    String writeString(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response could not be serialised: " + value.getClass(), e);
        }
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    static ApiException translate(JsonProcessingException e) {
        if (e instanceof StreamReadException parse && !(e instanceof MismatchedInputException)) {
            var location = parse.getLocation();
            String where =
                    location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
            return new ApiException(400, "malformed_json", "malformed JSON" + where + ": " + shorten(e));
        }
        if (!(e instanceof JsonMappingException mapping)) {
            return new ApiException(400, "malformed_json", "malformed JSON: " + shorten(e));
        }
        String path = path(mapping);
        if (e instanceof UnrecognizedPropertyException) {
            return badField("unknown field '" + path + "'");
        }
        if (e instanceof ValueInstantiationException && e.getCause() instanceof IllegalArgumentException invalid) {
            return badField(path.isEmpty() ? invalid.getMessage() : invalid.getMessage() + " (at " + path + ")");
        }
        if (e instanceof InvalidFormatException format && format.getTargetType() != null) {
            return badField("field '" + path + "' must be " + describe(format.getTargetType()));
        }
        if (e instanceof MismatchedInputException mismatch) {
            if (path.isEmpty()) {
                return badField("request body must be a JSON object");
            }
            Class<?> target = mismatch.getTargetType();
            return badField(
                    target == null
                            ? "field '" + path + "' has the wrong type"
                            : "field '" + path + "' must be " + describe(target));
        }
        return badField(path.isEmpty() ? "invalid request body" : "invalid value of field '" + path + "'");
    }

    private static ApiException badField(String message) {
        return new ApiException(400, "invalid_request", message);
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String describe(Class<?> type) {
        if (type.isEnum()) {
            return "one of "
                    + Arrays.stream(type.getEnumConstants())
                            .map(Object::toString)
                            .collect(Collectors.joining(", "));
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Double.class || type == double.class || type == Float.class || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "an object of strings";
        }
        return "an object";
    }

    private static String shorten(JsonProcessingException e) {
        String detail = e.getOriginalMessage() == null ? "unreadable input" : e.getOriginalMessage();
        detail = detail.replaceAll("\\s+", " ");
        return detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) + "…" : detail;
    }
}
