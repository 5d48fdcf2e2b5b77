package io.switchboard.channels.weixin;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The checks the options records of the WeChat family run in their compact constructors, each failing
 * with an {@link IllegalArgumentException} that names the channel and the field to fix, and the media
 * host rule (the SSRF guard) they share.
 */
public final class OptionChecks {
    private OptionChecks() {}

    public static void positive(String kind, Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(kind + " " + name + " must be a positive duration");
        }
    }

    public static void notNegative(String kind, Duration value, String name) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(kind + " " + name + " must not be negative");
        }
    }

    public static void range(String kind, int value, int min, int max, String name) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(kind + " " + name + " must be " + min + "-" + max);
        }
    }

    public static <T> T required(String kind, T value, String name) {
        if (value == null || (value instanceof String text && text.isBlank())) {
            throw new IllegalArgumentException(kind + " " + name + " is required");
        }
        return value;
    }

    public static void httpUrl(String kind, String url, String name) {
        URI uri;
        try {
            uri = URI.create(url == null ? "" : url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(kind + " " + name + " must be an http(s) URL, got '" + url + "'");
        }
        if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
            throw new IllegalArgumentException(kind + " " + name + " must be an http(s) URL, got '" + url + "'");
        }
    }

    /** True when {@code host} is one of {@code hosts} or, for an entry starting with a dot, below it. */
    public static boolean hostAllowed(List<String> hosts, String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        return hosts.stream().anyMatch(allowed -> allowed.startsWith(".") ? h.endsWith(allowed) : h.equals(allowed));
    }
}
