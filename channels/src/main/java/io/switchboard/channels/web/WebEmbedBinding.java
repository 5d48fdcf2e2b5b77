package io.switchboard.channels.web;

import io.switchboard.channels.spi.BindingType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Binding type {@code web-embed}: which sites may show an app's web chat in a frame,
 * {@code {"frameAncestors": ["https://shop.example.com", "https://*.example.org"]}}. Without one, any
 * site may (the default: the chat is meant to be embedded). The list becomes the page's
 * {@code frame-ancestors}; {@code 'none'} alone forbids every frame.
 */
final class WebEmbedBinding implements BindingType {
    static final String TYPE = "web-embed";
    static final int MAX_SOURCES = 20;

    private static final Pattern SOURCE =
            Pattern.compile("https?://(\\*\\.)?[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*(:[0-9]{1,5})?|'self'|'none'|\\*");

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<String> secretFields() {
        return Set.of();
    }

    @Override
    public JsonObject validate(JsonObject settings) {
        for (String name : settings.fieldNames()) {
            if (!name.equals("frameAncestors")) {
                throw new IllegalArgumentException("unknown field '" + name + "' (known: frameAncestors)");
            }
        }
        if (!(settings.getValue("frameAncestors") instanceof JsonArray list) || list.isEmpty()) {
            throw new IllegalArgumentException(
                    "frameAncestors must be a list of origins such as \"https://shop.example.com\" (or \"*\" for any)");
        }
        if (list.size() > MAX_SOURCES) {
            throw new IllegalArgumentException("frameAncestors may hold at most " + MAX_SOURCES + " origins");
        }
        Set<String> sources = new LinkedHashSet<>();
        for (Object value : list) {
            if (!(value instanceof String source)
                    || !SOURCE.matcher(source.strip()).matches()) {
                throw new IllegalArgumentException("frameAncestors: " + value
                        + " is not an origin (https://host[:port], https://*.host, 'self', 'none' or *)");
            }
            sources.add(source.strip().replaceAll("/+$", ""));
        }
        if (sources.contains("'none'") && sources.size() > 1) {
            throw new IllegalArgumentException("frameAncestors: 'none' cannot be combined with origins");
        }
        return new JsonObject().put("frameAncestors", new JsonArray(java.util.List.copyOf(sources)));
    }

    @Override
    public String callbackPath(String bindingId) {
        return null;
    }
}
