package io.switchboard.runtime.tool;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.switchboard.runtime.WireEnum;

/**
 * How an imported API authenticates: {@code none}, {@code api_key} (sent in header or query parameter
 * {@code name}) or {@code bearer}. The secret is sealed at rest with the rest of the settings and never
 * printed.
 */
public record ToolAuth(Type type, Location location, String name, String secret) {
    public static final ToolAuth NONE = new ToolAuth(Type.NONE, null, null, null);

    /** How the secret is presented. */
    public enum Type implements WireEnum {
        NONE,
        API_KEY,
        BEARER;

        @JsonCreator
        static Type parse(String text) {
            if (text == null || text.isBlank()) {
                return NONE;
            }
            return WireEnum.parse(Type.class, text, "auth.type must be none, api_key or bearer");
        }
    }

    /** Where an API key goes. */
    public enum Location implements WireEnum {
        HEADER,
        QUERY;

        @JsonCreator
        static Location parse(String text) {
            return WireEnum.parse(Location.class, text, "auth.location must be header or query for api_key auth");
        }
    }

    public ToolAuth {
        type = type == null ? Type.NONE : type;
        switch (type) {
            case NONE -> {
                location = null;
                name = null;
                secret = null;
            }
            case BEARER -> {
                if (secret == null || secret.isBlank()) {
                    throw new IllegalArgumentException("auth.secret is required for bearer auth");
                }
                location = Location.HEADER;
                name = "Authorization";
            }
            case API_KEY -> {
                if (secret == null || secret.isBlank()) {
                    throw new IllegalArgumentException("auth.secret is required for api_key auth");
                }
                if (location == null) {
                    throw new IllegalArgumentException("auth.location must be header or query for api_key auth");
                }
                if (name == null || !name.matches("[A-Za-z0-9_.-]{1,100}")) {
                    throw new IllegalArgumentException("auth.name must name the header or query parameter");
                }
            }
        }
    }

    @Override
    public String toString() {
        return "ToolAuth[type=" + type.wireName() + ", location=" + (location == null ? null : location.wireName())
                + ", name=" + name + ", secret=***]";
    }
}
