package io.switchboard.runtime.tool;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.switchboard.runtime.WireEnum;
import java.util.List;
import java.util.Map;

/**
 * An MCP server registration: {@code transport} {@code streamable_http} or {@code sse} with a
 * {@code url} (and optional {@code headers}, e.g. a token), or {@code stdio} with a {@code command} —
 * a local process, allowed only when the gateway's configuration says so.
 */
public record McpServerRequest(
        String name,
        String description,
        Transport transport,
        String url,
        Map<String, String> headers,
        List<String> command) {
    /** How the gateway talks to the server. */
    public enum Transport implements WireEnum {
        STREAMABLE_HTTP,
        SSE,
        /** A local process: allowed only when the gateway's configuration says so. */
        STDIO;

        @JsonCreator
        static Transport parse(String text) {
            return WireEnum.parse(Transport.class, text, "transport must be streamable_http, sse or stdio");
        }
    }

    public McpServerRequest {
        if (name == null || name.isBlank() || name.codePointCount(0, name.length()) > 200) {
            throw new IllegalArgumentException("name must be 1-200 characters");
        }
        description = description == null ? "" : description;
        if (description.codePointCount(0, description.length()) > 2000) {
            throw new IllegalArgumentException("description must be at most 2000 characters");
        }
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        command = command == null ? List.of() : List.copyOf(command);
        transport = transport == null ? Transport.STREAMABLE_HTTP : transport;
        switch (transport) {
            case STREAMABLE_HTTP, SSE -> {
                if (url == null || url.isBlank()) {
                    throw new IllegalArgumentException("url is required for transport " + transport.wireName());
                }
            }
            case STDIO -> {
                if (command.isEmpty() || command.stream().anyMatch(c -> c == null || c.isBlank())) {
                    throw new IllegalArgumentException("command is required for transport stdio");
                }
            }
        }
    }

    @Override
    public String toString() {
        return "McpServerRequest[name=" + name + ", transport=" + transport.wireName() + ", url=" + url + "]";
    }
}
