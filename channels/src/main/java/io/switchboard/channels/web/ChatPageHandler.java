package io.switchboard.channels.web;

import io.switchboard.channels.spi.AppDirectory;
import io.switchboard.channels.spi.AppProfile;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.List;
import java.util.Map;

/** {@code GET /chat/:appId} (the page) and {@code GET /chat/:appId/profile} (what it shows first). */
final class ChatPageHandler {
    /**
     * Scripts and styles only from our own files, no inline code, no plugins. frame-ancestors is open
     * by default on purpose (site owners embed the chat in an iframe); an app's {@code web-embed}
     * binding narrows it ({@link FrameAncestors}).
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'";

    private static final String NOT_FOUND_PAGE = """
            <!doctype html><html lang="en"><head><meta charset="utf-8">\
            <meta name="viewport" content="width=device-width, initial-scale=1">\
            <title>Chat not found</title></head><body><main><h1>Chat not found</h1>\
            <p>This chat does not exist or is not published.</p></main></body></html>""";

    private final ChatAssets assets;
    private final AppDirectory apps;
    private final FrameAncestors frameAncestors;

    ChatPageHandler(ChatAssets assets, AppDirectory apps, FrameAncestors frameAncestors) {
        this.assets = assets;
        this.apps = apps;
        this.frameAncestors = frameAncestors;
    }

    void page(RoutingContext rc) {
        String appId = rc.pathParam("appId");
        boolean wantsHtml = acceptsHtml(rc);
        try {
            AppIds.require(appId);
        } catch (HttpException e) {
            failPage(rc, e, wantsHtml);
            return;
        }
        apps.profile(appId)
                .compose(profile -> frameAncestors.directive(appId).map(framing -> {
                    if (!framing.isEmpty()) {
                        rc.response().putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY + "; " + framing);
                    }
                    return profile;
                }))
                .onSuccess(profile -> securityHeaders(rc)
                        .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
                        // The page names hashed asset URLs: always revalidate it.
                        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                        .end(render(rc, profile)))
                .onFailure(failure -> failPage(rc, failure, wantsHtml));
    }

    void profile(RoutingContext rc) {
        String appId = AppIds.require(rc.pathParam("appId"));
        apps.profile(appId)
                .onSuccess(profile -> rc.response()
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
                        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                        .end(profileJson(profile).encode()))
                .onFailure(rc::fail);
    }

    static JsonObject profileJson(AppProfile profile) {
        return new JsonObject()
                .put("appId", profile.appId())
                .put("name", displayName(profile))
                .put("openingStatement", profile.openingStatement() == null ? "" : profile.openingStatement())
                .put("suggestedQuestions", new JsonArray(List.copyOf(profile.suggestedQuestions())))
                .put("variables", variables(profile));
    }

    /** The input variables the page asks for before the first message: names and default values. */
    private static JsonArray variables(AppProfile profile) {
        JsonArray variables = new JsonArray();
        profile.variables()
                .forEach((name, value) ->
                        variables.add(new JsonObject().put("name", name).put("default", value)));
        return variables;
    }

    private String render(RoutingContext rc, AppProfile profile) {
        String mountPoint = rc.mountPoint() == null ? "" : rc.mountPoint().replaceAll("/+$", "");
        String chatBase = mountPoint + "/chat/";
        return Html.fill(
                assets.pageTemplate(),
                Map.of(
                        "title", displayName(profile),
                        "appId", profile.appId(),
                        "endpoint", chatBase + profile.appId(),
                        "css", chatBase + assets.href("chat.css"),
                        "js", chatBase + assets.href("chat.js"),
                        "i18n", chatBase + assets.href("chat-i18n.js"),
                        "marked", chatBase + assets.href("marked.umd.js"),
                        "purify", chatBase + assets.href("purify.min.js")));
    }

    private static void failPage(RoutingContext rc, Throwable failure, boolean wantsHtml) {
        if (wantsHtml && failure instanceof HttpException http && http.getStatusCode() == 404) {
            securityHeaders(rc)
                    .setStatusCode(404)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
                    .end(NOT_FOUND_PAGE);
            return;
        }
        rc.fail(failure);
    }

    private static HttpServerResponse securityHeaders(RoutingContext rc) {
        HttpServerResponse response = rc.response();
        if (!response.headers().contains("Content-Security-Policy")) {
            response.putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        }
        return response.putHeader("X-Content-Type-Options", "nosniff").putHeader("Referrer-Policy", "no-referrer");
    }

    private static boolean acceptsHtml(RoutingContext rc) {
        String accept = rc.request().getHeader(HttpHeaders.ACCEPT);
        return accept != null && accept.contains("text/html");
    }

    private static String displayName(AppProfile profile) {
        return profile.name() == null || profile.name().isBlank() ? profile.appId() : profile.name();
    }
}
