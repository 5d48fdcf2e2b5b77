package io.switchboard.channels.web;

import io.switchboard.channels.spi.BoundAccount;
import io.switchboard.channels.spi.BoundAccounts;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which sites may frame an app's chat page, from its {@code web-embed} bindings ({@link WebEmbedBinding}):
 * read for every app at once and kept for {@link #KEPT_FOR}, dropped at once when a binding changes.
 */
final class FrameAncestors {
    static final Duration KEPT_FOR = Duration.ofSeconds(30);

    private record Snapshot(Map<String, String> byApp, Instant readAt) {}

    private final BoundAccounts accounts;
    private final Clock clock = Clock.systemUTC();
    private volatile Snapshot snapshot;

    FrameAncestors(BoundAccounts accounts) {
        this.accounts = accounts;
    }

    /** The page's {@code frame-ancestors} directive for the app, or "" when any site may frame it. */
    Future<String> directive(String appId) {
        if (accounts == null) {
            return Future.succeededFuture("");
        }
        Snapshot known = snapshot;
        if (known != null && known.readAt().plus(KEPT_FOR).isAfter(clock.instant())) {
            return Future.succeededFuture(known.byApp().getOrDefault(appId, ""));
        }
        return accounts.enabled(WebEmbedBinding.TYPE).map(bindings -> {
            Snapshot read = new Snapshot(directives(bindings), clock.instant());
            snapshot = read;
            return read.byApp().getOrDefault(appId, "");
        });
    }

    void forget() {
        snapshot = null;
    }

    private static Map<String, String> directives(List<BoundAccount> bindings) {
        return bindings.stream()
                .collect(Collectors.groupingBy(
                        BoundAccount::appId,
                        Collectors.collectingAndThen(Collectors.toList(), FrameAncestors::directive)));
    }

    private static String directive(List<BoundAccount> bindings) {
        Set<String> sources = new LinkedHashSet<>();
        for (BoundAccount binding : bindings) {
            JsonArray list = binding.settings().getJsonArray("frameAncestors", new JsonArray());
            list.forEach(source -> sources.add(String.valueOf(source)));
        }
        if (sources.isEmpty() || sources.contains("*")) {
            return "";
        }
        if (sources.size() > 1) {
            sources.remove("'none'");
        }
        return "frame-ancestors " + String.join(" ", sources);
    }
}
