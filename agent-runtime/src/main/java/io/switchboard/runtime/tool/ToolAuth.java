package io.switchboard.runtime.tool;

/**
 * How an imported API authenticates: {@code none}, {@code api_key} (sent in header or query parameter
 * {@code name}) or {@code bearer}. The secret is sealed at rest with the rest of the settings and never
 * printed.
 */
public record ToolAuth(String type, String location, String name, String secret) {
    public static final ToolAuth NONE = new ToolAuth("none", null, null, null);

    public ToolAuth {
        type = type == null || type.isBlank() ? "none" : type;
        switch (type) {
            case "none" -> {
                location = null;
                name = null;
                secret = null;
            }
            case "bearer" -> {
                if (secret == null || secret.isBlank()) {
                    throw new IllegalArgumentException("auth.secret is required for bearer auth");
                }
                location = "header";
                name = "Authorization";
            }
            case "api_key" -> {
                if (secret == null || secret.isBlank()) {
                    throw new IllegalArgumentException("auth.secret is required for api_key auth");
                }
                if (!"header".equals(location) && !"query".equals(location)) {
                    throw new IllegalArgumentException("auth.location must be header or query for api_key auth");
                }
                if (name == null || !name.matches("[A-Za-z0-9_.-]{1,100}")) {
                    throw new IllegalArgumentException("auth.name must name the header or query parameter");
                }
            }
            default -> throw new IllegalArgumentException("auth.type must be none, api_key or bearer");
        }
    }

    @Override
    public String toString() {
        return "ToolAuth[type=" + type + ", location=" + location + ", name=" + name + ", secret=***]";
    }
}
