package io.switchboard.testkit.login;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenID Connect provider on loopback, like a Keycloak realm: discovery at
 * {@code <issuer>/.well-known/openid-configuration}, {@code /authorize} (the "user" set by
 * {@link #nextUser} logs in at once: 302 back to the redirect URI with {@code code} and {@code state}),
 * {@code /token} (authorization code grant with {@code client_secret_basic}, the redirect URI and the PKCE
 * S256 verifier checked, each code once) and {@code /jwks}. ID tokens are RS256 JWTs signed by hand with
 * the JDK (iss, sub, aud, exp, iat, nonce, name); {@link #misbehave} makes the next one wrong in one way.
 */
public final class FakeOidcProvider implements AutoCloseable {
    /** Ways the next ID token is wrong. */
    public enum Fault {
        NONE,
        WRONG_AUDIENCE,
        EXPIRED,
        WRONG_NONCE,
        WRONG_ISSUER,
        FOREIGN_KEY,
        /** Signed with a new key (new kid) that only a fresh JWKS fetch shows: key rotation. */
        ROTATED_KEY
    }

    private record Pending(String sub, String name, String nonce, String challenge, String redirectUri) {}

    private final String clientId;
    private final String clientSecret;
    private final Map<String, Pending> codes = new ConcurrentHashMap<>();
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private final AtomicInteger jwksRequests = new AtomicInteger();
    private volatile KeyPair key = rsa();
    private volatile String kid = "k1";
    private volatile String nextSub = "user-1";
    private volatile String nextName = "User One";
    private volatile Fault fault = Fault.NONE;
    private Vertx vertx;
    private int port;

    private FakeOidcProvider(String clientId, String clientSecret) {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
    }

    public static FakeOidcProvider start(String clientId, String clientSecret) {
        FakeOidcProvider fake = new FakeOidcProvider(clientId, clientSecret);
        fake.vertx = Vertx.vertx();
        try {
            fake.port = fake.vertx
                    .createHttpServer()
                    .requestHandler(request -> request.body().onSuccess(body -> fake.handle(request, body)))
                    .listen(0, "127.0.0.1")
                    .await(10, TimeUnit.SECONDS)
                    .actualPort();
        } catch (Exception e) {
            fake.vertx.close();
            throw new IllegalStateException("fake OIDC provider could not listen", e);
        }
        return fake;
    }

    public String issuer() {
        return "http://127.0.0.1:" + port + "/realms/test";
    }

    /** The person the next /authorize logs in. */
    public FakeOidcProvider nextUser(String sub, String name) {
        this.nextSub = sub;
        this.nextName = name;
        return this;
    }

    /** Makes every following ID token wrong in this way (NONE: right again). */
    public FakeOidcProvider misbehave(Fault fault) {
        this.fault = fault;
        if (fault == Fault.ROTATED_KEY) {
            key = rsa();
            kid = "k" + UUID.randomUUID();
        }
        return this;
    }

    public int tokenRequests() {
        return tokenRequests.get();
    }

    public int jwksRequests() {
        return jwksRequests.get();
    }

    private void handle(HttpServerRequest request, Buffer body) {
        String path = request.path();
        String base = "/realms/test";
        switch (path.startsWith(base) ? path.substring(base.length()) : path) {
            case "/.well-known/openid-configuration" ->
                json(
                        request,
                        200,
                        new JsonObject()
                                .put("issuer", issuer())
                                .put("authorization_endpoint", issuer() + "/authorize")
                                .put("token_endpoint", issuer() + "/token")
                                .put("jwks_uri", issuer() + "/jwks")
                                .put("response_types_supported", new JsonArray().add("code"))
                                .put("subject_types_supported", new JsonArray().add("public"))
                                .put("id_token_signing_alg_values_supported", new JsonArray().add("RS256"))
                                .put("code_challenge_methods_supported", new JsonArray().add("S256"))
                                .put(
                                        "token_endpoint_auth_methods_supported",
                                        new JsonArray().add("client_secret_basic")));
            case "/jwks" -> {
                jwksRequests.incrementAndGet();
                RSAPublicKey pub = (RSAPublicKey) key.getPublic();
                json(
                        request,
                        200,
                        new JsonObject()
                                .put(
                                        "keys",
                                        new JsonArray()
                                                .add(new JsonObject()
                                                        .put("kty", "RSA")
                                                        .put("kid", kid)
                                                        .put("use", "sig")
                                                        .put("alg", "RS256")
                                                        .put("n", b64(unsigned(pub.getModulus())))
                                                        .put("e", b64(unsigned(pub.getPublicExponent()))))));
            }
            case "/authorize" -> authorize(request);
            case "/token" -> token(request, body);
            default -> json(request, 404, new JsonObject().put("error", "not_found"));
        }
    }

    private void authorize(HttpServerRequest request) {
        var q = request.params();
        if (!clientId.equals(q.get("client_id"))
                || !"code".equals(q.get("response_type"))
                || q.get("scope") == null
                || !q.get("scope").contains("openid")
                || q.get("redirect_uri") == null
                || !"S256".equals(q.get("code_challenge_method"))
                || q.get("code_challenge") == null
                || q.get("state") == null
                || q.get("nonce") == null) {
            json(request, 400, new JsonObject().put("error", "invalid_request"));
            return;
        }
        String code = UUID.randomUUID().toString();
        codes.put(code, new Pending(nextSub, nextName, q.get("nonce"), q.get("code_challenge"), q.get("redirect_uri")));
        String location = q.get("redirect_uri") + (q.get("redirect_uri").contains("?") ? "&" : "?") + "code=" + code
                + "&state=" + URLEncoder.encode(q.get("state"), StandardCharsets.UTF_8);
        request.response().setStatusCode(302).putHeader("Location", location).end();
    }

    private void token(HttpServerRequest request, Buffer body) {
        tokenRequests.incrementAndGet();
        String expected = "Basic "
                + Base64.getEncoder()
                        .encodeToString((URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                                        + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8))
                                .getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(request.getHeader("Authorization"))) {
            json(request, 401, new JsonObject().put("error", "invalid_client"));
            return;
        }
        Map<String, String> form = new HashMap<>();
        for (String pair : body.toString(StandardCharsets.UTF_8).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        Pending pending = form.get("code") == null ? null : codes.remove(form.get("code"));
        if (!"authorization_code".equals(form.get("grant_type"))
                || pending == null
                || !pending.redirectUri().equals(form.get("redirect_uri"))) {
            json(request, 400, new JsonObject().put("error", "invalid_grant"));
            return;
        }
        String verifier = form.getOrDefault("code_verifier", "");
        if (!b64(sha256(verifier.getBytes(StandardCharsets.US_ASCII))).equals(pending.challenge())) {
            json(
                    request,
                    400,
                    new JsonObject()
                            .put("error", "invalid_grant")
                            .put("error_description", "PKCE verification failed"));
            return;
        }
        json(
                request,
                200,
                new JsonObject()
                        .put("access_token", UUID.randomUUID().toString())
                        .put("token_type", "Bearer")
                        .put("expires_in", 300)
                        .put("id_token", idToken(pending)));
    }

    private String idToken(Pending pending) {
        long now = Instant.now().getEpochSecond();
        Fault f = fault;
        JsonObject claims = new JsonObject()
                .put("iss", f == Fault.WRONG_ISSUER ? "http://127.0.0.1:1/other" : issuer())
                .put("sub", pending.sub())
                .put("aud", f == Fault.WRONG_AUDIENCE ? "another-client" : clientId)
                .put("iat", f == Fault.EXPIRED ? now - 7200 : now)
                .put("exp", f == Fault.EXPIRED ? now - 3600 : now + 300)
                .put("nonce", f == Fault.WRONG_NONCE ? "not-the-nonce" : pending.nonce())
                .put("name", pending.name());
        JsonObject header = new JsonObject().put("alg", "RS256").put("kid", kid).put("typ", "JWT");
        String signingInput = b64(header.encode().getBytes(StandardCharsets.UTF_8)) + "."
                + b64(claims.encode().getBytes(StandardCharsets.UTF_8));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(f == Fault.FOREIGN_KEY ? rsa().getPrivate() : key.getPrivate());
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64(signature.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void json(HttpServerRequest request, int status, JsonObject body) {
        request.response()
                .setStatusCode(status)
                .putHeader("content-type", "application/json")
                .putHeader("cache-control", "no-store")
                .end(body.encode());
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public void close() {
        vertx.close().await();
    }
}
