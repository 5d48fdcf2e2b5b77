package io.switchboard.channels.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The page template, script and style sheet, read once from the classpath. Asset URLs carry a
 * content hash ({@code ?v=...}), so a matching request may be cached for a year and a new release is
 * fetched at once.
 */
final class ChatAssets {
    private static final String ROOT = "/io/switchboard/channels/web/";
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";
    private static final String REVALIDATE = "public, max-age=300";
    private static final String JAVASCRIPT = "text/javascript; charset=utf-8";

    record Asset(Buffer content, String contentType, String hash) {}

    private final String pageTemplate;
    private final Map<String, Asset> assets;

    private ChatAssets(String pageTemplate, Map<String, Asset> assets) {
        this.pageTemplate = pageTemplate;
        this.assets = assets;
    }

    static ChatAssets load() {
        return new ChatAssets(
                read("chat.html").toString(StandardCharsets.UTF_8),
                Map.of(
                        "chat.js", asset("chat.js", JAVASCRIPT),
                        "chat-i18n.js", asset("chat-i18n.js", JAVASCRIPT),
                        // The one-line embed for other sites (a floating bubble opening the chat in a frame).
                        "embed.js", asset("embed.js", JAVASCRIPT),
                        // Copied from npm by the build (channels/web-vendor): Markdown and its sanitiser.
                        "marked.umd.js", asset("marked.umd.js", JAVASCRIPT),
                        "purify.min.js", asset("purify.min.js", JAVASCRIPT),
                        "chat.css", asset("chat.css", "text/css; charset=utf-8")));
    }

    String pageTemplate() {
        return pageTemplate;
    }

    /** The versioned URL of an asset relative to {@code /chat/}. */
    String href(String name) {
        return "assets/" + name + "?v=" + assets.get(name).hash();
    }

    void serve(RoutingContext rc) {
        Asset asset = assets.get(rc.pathParam("name"));
        if (asset == null) {
            throw new HttpException(404, "no such asset");
        }
        String etag = '"' + asset.hash() + '"';
        String version = rc.request().getParam("v");
        var response = rc.response()
                .putHeader(HttpHeaders.ETAG, etag)
                .putHeader(HttpHeaders.CACHE_CONTROL, asset.hash().equals(version) ? IMMUTABLE : REVALIDATE)
                .putHeader("X-Content-Type-Options", "nosniff");
        if (etag.equals(rc.request().getHeader(HttpHeaders.IF_NONE_MATCH))) {
            response.setStatusCode(304).end();
            return;
        }
        response.putHeader(HttpHeaders.CONTENT_TYPE, asset.contentType()).end(asset.content());
    }

    private static Asset asset(String name, String contentType) {
        Buffer content = read(name);
        return new Asset(content, contentType, hash(content.getBytes()));
    }

    private static Buffer read(String name) {
        try (InputStream in = ChatAssets.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException("web chat resource " + name + " is missing from the classpath");
            }
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read web chat resource " + name, e);
        }
    }

    private static String hash(byte[] content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
