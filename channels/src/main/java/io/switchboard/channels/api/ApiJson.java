package io.switchboard.channels.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;

/**
 * JSON of the developer API's turn (request body, answer, stream chunks) read and written with Jackson's
 * streaming codec. With jackson-databind on the classpath Vert.x's {@code Json} goes through an
 * {@code ObjectMapper} (untyped deserializer, serializer lookup per value): about 6 % of a turn's CPU in
 * the gateway-turns profile for these few small objects. The values here are plain JSON (strings,
 * numbers, booleans, objects, arrays), which both codecs read and write alike.
 */
final class ApiJson {
    private static final JacksonCodec CODEC = new JacksonCodec();

    private ApiJson() {}

    /** The JSON value of {@code body}: a {@link JsonObject}, a {@code JsonArray} or a scalar. */
    static Object decode(Buffer body) throws DecodeException {
        return CODEC.fromBuffer(body);
    }

    static String encode(JsonObject json) {
        return CODEC.toString(json, false);
    }
}
