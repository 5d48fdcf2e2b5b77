package io.switchboard.testkit.weixin;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Delivers callbacks as the platform does: signed (and, in safe mode, encrypted), with a deadline
 * after which the connection is dropped and the same callback is retried on the next gateway member
 * URL, three tries in all. Records what the user saw.
 */
public final class WeixinCallbacks {
    /** How an official account exchanges messages (its console setting). */
    public enum Mode {
        PLAINTEXT,
        COMPATIBLE,
        SAFE
    }

    /** A signed request: the query string (without {@code ?}) and the body. */
    public record Signed(String query, String body) {}

    /** One try: which member URL, the status (0 when it timed out or failed) and the body. */
    public record Attempt(int member, int status, String body, boolean timedOut) {}

    /**
     * How a delivery ended.
     *
     * @param reply the passive reply's text (decrypted), or null when there was none
     * @param failed true when the user saw the platform's "cannot serve" notice
     */
    public record Outcome(List<Attempt> attempts, String reply, String replyType, boolean failed) {}

    /** What the platform got back from a verification or a raw request. */
    public record Response(int status, String body) {}

    private final Vertx vertx;
    private final FakeWeixinPlatform platform;
    private final HttpClient client;

    WeixinCallbacks(Vertx vertx, FakeWeixinPlatform platform) {
        this.vertx = vertx;
        this.platform = platform;
        this.client = vertx.createHttpClient(
                new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(1000));
    }

    /** Signs an official-account callback as the platform would. */
    public static Signed signMp(OfficialAccount account, Mode mode, String xml, long timestamp, String nonce) {
        String ts = Long.toString(timestamp);
        String query = "signature=" + WeixinCrypto.signature(account.token(), ts, nonce) + "&timestamp=" + ts
                + "&nonce=" + nonce + "&openid=" + enc(WeixinMessages.value(xml, "FromUserName"));
        if (mode == Mode.PLAINTEXT) {
            return new Signed(query, xml);
        }
        String encrypted = WeixinCrypto.encrypt(account.encodingAesKey(), account.appId(), xml);
        String msgSignature = WeixinCrypto.signature(account.token(), ts, nonce, encrypted);
        String body = mode == Mode.SAFE
                ? "<xml>" + WeixinMessages.tag("ToUserName", account.originalId())
                        + WeixinMessages.tag("Encrypt", encrypted) + "</xml>"
                : xml.replace("</xml>", WeixinMessages.tag("Encrypt", encrypted) + "</xml>");
        return new Signed(query + "&encrypt_type=aes&msg_signature=" + msgSignature, body);
    }

    /** Signs and encrypts a WeCom callback as the platform would. */
    public static Signed signWeCom(CorpApp app, String xml, long timestamp, String nonce) {
        String ts = Long.toString(timestamp);
        String encrypted = WeixinCrypto.encrypt(app.encodingAesKey(), app.corpId(), xml);
        String body = "<xml>" + WeixinMessages.tag("ToUserName", app.corpId())
                + WeixinMessages.tag("Encrypt", encrypted) + "<AgentID>" + app.agentId() + "</AgentID></xml>";
        return new Signed(
                "msg_signature=" + WeixinCrypto.signature(app.token(), ts, nonce, encrypted) + "&timestamp=" + ts
                        + "&nonce=" + nonce,
                body);
    }

    public static String nonce() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    public static long now() {
        return System.currentTimeMillis() / 1000;
    }

    /** The console's URL check for an official account: GET with a random {@code echostr}. */
    public Future<Response> verifyMp(OfficialAccount account, String url) {
        String ts = Long.toString(now());
        String nonce = nonce();
        String echo = "echo" + nonce;
        return send(
                HttpMethod.GET,
                url + "?signature=" + WeixinCrypto.signature(account.token(), ts, nonce) + "&timestamp=" + ts
                        + "&nonce=" + nonce + "&echostr=" + echo,
                null);
    }

    /** The console's URL check for a WeCom app: GET with an encrypted {@code echostr}. */
    public Future<Response> verifyWeCom(CorpApp app, String url, String echo) {
        String ts = Long.toString(now());
        String nonce = nonce();
        String encrypted = WeixinCrypto.encrypt(app.encodingAesKey(), app.corpId(), echo);
        return send(
                HttpMethod.GET,
                url + "?msg_signature=" + WeixinCrypto.signature(app.token(), ts, nonce, encrypted) + "&timestamp=" + ts
                        + "&nonce=" + nonce + "&echostr=" + enc(encrypted),
                null);
    }

    /** Sends one request as is (for tests of bad input). */
    public Future<Response> send(HttpMethod method, String url, String body) {
        // The body is read in the same chain as the send, on the event loop as the response head arrives:
        // asked for later, a short response may already have ended and its body never completes.
        return client.request(new RequestOptions().setMethod(method).setAbsoluteURI(url))
                .compose(request -> (body == null ? request.send() : request.send(body))
                        .compose(response ->
                                response.body().map(b -> new Response(response.statusCode(), b.toString()))));
    }

    /** Delivers an official-account callback: up to {@code tries} tries, each on the next URL. */
    public Future<Outcome> deliverMp(
            OfficialAccount account, Mode mode, List<String> urls, String xml, Duration deadline, int tries) {
        String user = WeixinMessages.value(xml, "FromUserName");
        platform.interacted(account.appId(), user, "event".equals(WeixinMessages.value(xml, "MsgType")));
        Signed signed = signMp(account, mode, xml, now(), nonce());
        return attempt(urls, signed, deadline, tries, 0, new ArrayList<>()).map(attempts -> {
            Attempt last = attempts.getLast();
            if (last.status() != 200) {
                platform.record(new Seen(user, "error", "text", Seen.CANNOT_SERVE));
                return new Outcome(attempts, null, null, true);
            }
            return passive(account, user, attempts, last.body());
        });
    }

    /** Delivers a WeCom callback: any 200 ends it; the reply body is ignored, as the platform does. */
    public Future<Outcome> deliverWeCom(CorpApp app, List<String> urls, String xml, Duration deadline, int tries) {
        Signed signed = signWeCom(app, xml, now(), nonce());
        return attempt(urls, signed, deadline, tries, 0, new ArrayList<>())
                .map(attempts ->
                        new Outcome(attempts, null, null, attempts.getLast().status() != 200));
    }

    private Future<List<Attempt>> attempt(
            List<String> urls, Signed signed, Duration deadline, int tries, int n, List<Attempt> done) {
        int member = n % urls.size();
        Promise<Attempt> result = Promise.promise();
        client.request(new RequestOptions()
                        .setMethod(HttpMethod.POST)
                        .setAbsoluteURI(urls.get(member) + "?" + signed.query())
                        .putHeader("Content-Type", "text/xml"))
                .onFailure(e -> result.tryComplete(new Attempt(member, 0, e.toString(), false)))
                .onSuccess(request -> {
                    long timer = vertx.setTimer(deadline.toMillis(), t -> {
                        if (result.tryComplete(new Attempt(member, 0, "", true))) {
                            request.reset(); // the platform hangs up at its deadline
                        }
                    });
                    request.send(signed.body())
                            .compose(response -> response.body()
                                    .map(b -> new Attempt(member, response.statusCode(), b.toString(), false)))
                            .onComplete(done2 -> {
                                vertx.cancelTimer(timer);
                                result.tryComplete(
                                        done2.succeeded()
                                                ? done2.result()
                                                : new Attempt(member, 0, String.valueOf(done2.cause()), false));
                            });
                });
        return result.future().compose(attempt -> {
            done.add(attempt);
            if (attempt.status() == 200 || n + 1 >= tries) {
                return Future.succeededFuture(done);
            }
            return attempt(urls, signed, deadline, tries, n + 1, done);
        });
    }

    private Outcome passive(OfficialAccount account, String user, List<Attempt> attempts, String body) {
        String trimmed = body.trim();
        if (trimmed.isEmpty() || trimmed.equals("success")) {
            return new Outcome(attempts, null, null, false);
        }
        String xml = trimmed;
        String encrypted = WeixinMessages.value(trimmed, "Encrypt");
        if (encrypted != null) {
            String expected = WeixinCrypto.signature(
                    account.token(),
                    WeixinMessages.value(trimmed, "TimeStamp"),
                    WeixinMessages.value(trimmed, "Nonce"),
                    encrypted);
            WeixinCrypto.Decrypted decrypted;
            try {
                decrypted = WeixinCrypto.decrypt(account.encodingAesKey(), encrypted);
            } catch (RuntimeException e) {
                decrypted = null;
            }
            if (!expected.equals(WeixinMessages.value(trimmed, "MsgSignature"))
                    || decrypted == null
                    || !decrypted.receiverId().equals(account.appId())) {
                platform.record(new Seen(user, "error", "text", Seen.CANNOT_SERVE));
                return new Outcome(attempts, null, null, true);
            }
            xml = decrypted.message();
        }
        String type = WeixinMessages.value(xml, "MsgType");
        String content = WeixinMessages.value(xml, "Content");
        if (type == null
                || !user.equals(WeixinMessages.value(xml, "ToUserName"))
                || ("text".equals(type)
                        && (content == null || content.getBytes(StandardCharsets.UTF_8).length > 2047))) {
            platform.record(new Seen(user, "error", "text", Seen.CANNOT_SERVE));
            return new Outcome(attempts, null, null, true);
        }
        platform.record(new Seen(user, "passive", type, content));
        return new Outcome(attempts, content, type, false);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }

    void close() {
        client.close();
    }
}
