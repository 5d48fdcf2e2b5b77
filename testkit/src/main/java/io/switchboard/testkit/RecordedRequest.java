package io.switchboard.testkit;

import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Map;

/**
 * A request a fake server received.
 *
 * @param headers header names in lower case, first value of each
 * @param body the parsed JSON body, or an empty object when there was none or it was not JSON
 */
public record RecordedRequest(String method, String path, Map<String, String> headers, JsonObject body) {
    public RecordedRequest {
        headers = Map.copyOf(headers);
    }

    /** The header's first value, or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
