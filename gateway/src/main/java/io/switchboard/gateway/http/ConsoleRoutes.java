package io.switchboard.gateway.http;

import io.switchboard.threads.VirtualThreads;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * The admin console: the single-page app built by the {@code console} module, read from the classpath
 * under {@value #RESOURCE_ROOT}. Hashed assets ({@code /console/assets/*}) are cached for a year;
 * {@code index.html} is revalidated on every load and answers every other path under {@code /console/},
 * so deep links work; {@code /} and {@code /admin} redirect to the console.
 */
public final class ConsoleRoutes {
    public static final String MOUNT_PATH = "/console";
    static final String RESOURCE_ROOT = "io/switchboard/console/";
    /** Reading from the jar blocks. */
    private static final VirtualThreads READS = VirtualThreads.named("console-asset");

    private static final Pattern ASSET_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,200}");
    private static final Map<String, String> TYPES = Map.of(
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "html", "text/html; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "woff2", "font/woff2",
            "json", "application/json",
            "ico", "image/x-icon");
    // antd injects its styles at run time, hence 'unsafe-inline' for styles (never for scripts).
    private static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data: blob:; connect-src 'self'; font-src 'self' data:; frame-ancestors 'none'; "
            + "base-uri 'self'; form-action 'self'";

    /** A file ready to send: its bytes and, when it is worth it, the same bytes gzipped once. */
    private record Asset(String type, Buffer plain, Buffer gzipped) {}

    private final ClassLoader loader;
    private final Map<String, Asset> cache = new ConcurrentHashMap<>();

    private ConsoleRoutes(ClassLoader loader) {
        this.loader = loader;
    }

    /** Mounts the console's routes; call before the gateway's catch-all 404. */
    public static void mount(Router router) {
        ConsoleRoutes routes = new ConsoleRoutes(ConsoleRoutes.class.getClassLoader());
        router.get("/").handler(ctx -> redirect(ctx, MOUNT_PATH + "/"));
        router.get("/admin").handler(ctx -> redirect(ctx, MOUNT_PATH + "/"));
        // Vert.x also routes "/console/" here: only the bare path is redirected.
        router.get(MOUNT_PATH).handler(ctx -> {
            if (ctx.request().path().equals(MOUNT_PATH)) {
                redirect(ctx, MOUNT_PATH + "/");
            } else {
                ctx.next();
            }
        });
        router.get(MOUNT_PATH + "/*").handler(routes::serve);
    }

    private void serve(RoutingContext ctx) {
        String path = ctx.normalizedPath().substring(MOUNT_PATH.length());
        boolean asset = path.startsWith("/assets/");
        String name = asset ? path.substring("/assets/".length()) : "index.html";
        if (asset && !ASSET_NAME.matcher(name).matches()) {
            JsonErrors.send(ctx, 404, "no such console file: " + path);
            return;
        }
        String resource = asset ? "assets/" + name : name;
        load(resource).onComplete(result -> {
            if (result.failed()) {
                ctx.fail(result.cause());
            } else if (result.result().isEmpty()) {
                JsonErrors.send(
                        ctx,
                        404,
                        asset
                                ? "no such console file: " + path
                                : "the console is not built into this gateway (it was built with -Dconsole.skip)");
            } else {
                send(ctx, result.result().get(), asset);
            }
        });
    }

    private Future<Optional<Asset>> load(String resource) {
        Asset cached = cache.get(resource);
        if (cached != null) {
            return Future.succeededFuture(Optional.of(cached));
        }
        // Reading from the jar is blocking; each file is read once, then served from memory.
        return READS.call(() -> {
            Optional<Asset> asset = read(resource);
            asset.ifPresent(found -> cache.put(resource, found));
            return asset;
        });
    }

    private Optional<Asset> read(String resource) throws IOException {
        try (InputStream in = loader.getResourceAsStream(RESOURCE_ROOT + resource)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            String extension = resource.substring(resource.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
            String type = TYPES.getOrDefault(extension, "application/octet-stream");
            boolean compressible = !extension.equals("png") && !extension.equals("woff2") && bytes.length > 1024;
            return Optional.of(new Asset(type, Buffer.buffer(bytes), compressible ? Buffer.buffer(gzip(bytes)) : null));
        }
    }

    private static void send(RoutingContext ctx, Asset asset, boolean immutable) {
        HttpServerResponse response = ctx.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, asset.type())
                .putHeader(HttpHeaders.CACHE_CONTROL, immutable ? "public, max-age=31536000, immutable" : "no-cache")
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "same-origin");
        if (!immutable) {
            response.putHeader("Content-Security-Policy", POLICY).putHeader("X-Frame-Options", "DENY");
        }
        String accepted = ctx.request().getHeader(HttpHeaders.ACCEPT_ENCODING);
        if (asset.gzipped() != null) {
            response.putHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
        }
        if (asset.gzipped() != null && accepted != null && accepted.contains("gzip")) {
            // Set by hand, so the server's own compression leaves the body alone.
            response.putHeader(HttpHeaders.CONTENT_ENCODING, "gzip").end(asset.gzipped());
        } else {
            response.putHeader(HttpHeaders.CONTENT_ENCODING, HttpHeaders.IDENTITY)
                    .end(asset.plain());
        }
    }

    private static void redirect(RoutingContext ctx, String location) {
        ctx.response()
                .setStatusCode(302)
                .putHeader(HttpHeaders.LOCATION, location)
                .end();
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3);
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
