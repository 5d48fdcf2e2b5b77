package io.switchboard.testkit.login;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * WeChat and WeCom web logins on loopback, each at its documented paths.
 *
 * <p>WeChat Open Platform website login: {@code GET /connect/qrconnect} (appid, redirect_uri,
 * {@code response_type=code}, {@code scope=snsapi_login}, state; the "user" of {@link #nextWeChatUser}
 * scans at once: 302 back with code and state), {@code GET /sns/oauth2/access_token} (appid, secret, code,
 * {@code grant_type=authorization_code}; each code once, errcode 40029 otherwise) and
 * {@code GET /sns/userinfo} (access_token, openid).
 *
 * <p>WeCom web login: {@code GET /wwlogin/sso/login} ({@code login_type=CorpApp}, appid = corp id,
 * agentid, redirect_uri, state; the member of {@link #nextWeComUser} confirms at once),
 * {@code GET /cgi-bin/gettoken} (corpid, corpsecret) and {@code GET /cgi-bin/auth/getuserinfo}
 * (access_token, code: {@code userid} for a member, {@code openid} for a visitor).
 */
public final class FakeWeixinLogin implements AutoCloseable {
    private record WeChatUser(String openid, String unionid, String nickname) {}

    private final String appId;
    private final String appSecret;
    private final String corpId;
    private final String agentId;
    private final String corpSecret;
    private final Map<String, WeChatUser> wechatCodes = new ConcurrentHashMap<>();
    private final Map<String, WeChatUser> wechatTokens = new ConcurrentHashMap<>();
    private final Map<String, String> wecomCodes = new ConcurrentHashMap<>();
    private final Map<String, Boolean> wecomTokens = new ConcurrentHashMap<>();
    private final AtomicInteger gettokenCalls = new AtomicInteger();
    private volatile WeChatUser nextWeChat = new WeChatUser("openid-1", "unionid-1", "微信用户");
    private volatile String nextWeCom = "zhangsan";
    private Vertx vertx;
    private int port;

    private FakeWeixinLogin(String appId, String appSecret, String corpId, String agentId, String corpSecret) {
        this.appId = appId;
        this.appSecret = appSecret;
        this.corpId = corpId;
        this.agentId = agentId;
        this.corpSecret = corpSecret;
    }

    public static FakeWeixinLogin start(
            String appId, String appSecret, String corpId, String agentId, String corpSecret) {
        FakeWeixinLogin fake = new FakeWeixinLogin(appId, appSecret, corpId, agentId, corpSecret);
        fake.vertx = Vertx.vertx();
        try {
            fake.port = fake.vertx
                    .createHttpServer()
                    .requestHandler(fake::handle)
                    .listen(0, "127.0.0.1")
                    .await(10, TimeUnit.SECONDS)
                    .actualPort();
        } catch (Exception e) {
            fake.vertx.close();
            throw new IllegalStateException("fake WeChat login could not listen", e);
        }
        return fake;
    }

    /** The base URL of every path (QR page and APIs alike). */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The WeChat user who scans next; {@code unionid} null for an app not bound to an Open Platform account. */
    public FakeWeixinLogin nextWeChatUser(String openid, String unionid, String nickname) {
        nextWeChat = new WeChatUser(openid, unionid, nickname);
        return this;
    }

    /** The WeCom member who confirms next; null for a visitor from outside the corporation. */
    public FakeWeixinLogin nextWeComUser(String userid) {
        nextWeCom = userid;
        return this;
    }

    /** Forgets every WeCom access token, as WeCom does when a new one is issued elsewhere. */
    public void expireWeComTokens() {
        wecomTokens.clear();
    }

    public int gettokenCalls() {
        return gettokenCalls.get();
    }

    private void handle(HttpServerRequest request) {
        var q = request.params();
        switch (request.path()) {
            case "/connect/qrconnect" -> {
                if (!appId.equals(q.get("appid"))
                        || !"code".equals(q.get("response_type"))
                        || !"snsapi_login".equals(q.get("scope"))
                        || q.get("redirect_uri") == null) {
                    request.response().setStatusCode(200).end("参数错误"); // WeChat shows an error page
                    return;
                }
                String code = UUID.randomUUID().toString();
                wechatCodes.put(code, nextWeChat);
                redirect(request, q.get("redirect_uri"), code, q.get("state"));
            }
            case "/sns/oauth2/access_token" -> {
                if (!appId.equals(q.get("appid")) || !appSecret.equals(q.get("secret"))) {
                    error(request, 40125, "invalid appsecret");
                    return;
                }
                WeChatUser user = q.get("code") == null ? null : wechatCodes.remove(q.get("code"));
                if (user == null || !"authorization_code".equals(q.get("grant_type"))) {
                    error(request, 40029, "invalid code");
                    return;
                }
                String token = UUID.randomUUID().toString();
                wechatTokens.put(token, user);
                JsonObject answer = new JsonObject()
                        .put("access_token", token)
                        .put("expires_in", 7200)
                        .put("refresh_token", UUID.randomUUID().toString())
                        .put("openid", user.openid())
                        .put("scope", "snsapi_login");
                if (user.unionid() != null) {
                    answer.put("unionid", user.unionid());
                }
                json(request, answer);
            }
            case "/sns/userinfo" -> {
                WeChatUser user = q.get("access_token") == null ? null : wechatTokens.get(q.get("access_token"));
                if (user == null || !user.openid().equals(q.get("openid"))) {
                    error(request, 40001, "invalid credential, access_token is invalid or not latest");
                    return;
                }
                JsonObject answer = new JsonObject()
                        .put("openid", user.openid())
                        .put("nickname", user.nickname())
                        .put("sex", 0)
                        .put("headimgurl", "")
                        .put("privilege", new io.vertx.core.json.JsonArray());
                if (user.unionid() != null) {
                    answer.put("unionid", user.unionid());
                }
                json(request, answer);
            }
            case "/wwlogin/sso/login" -> {
                if (!"CorpApp".equals(q.get("login_type"))
                        || !corpId.equals(q.get("appid"))
                        || !agentId.equals(q.get("agentid"))
                        || q.get("redirect_uri") == null) {
                    request.response().setStatusCode(200).end("请求参数错误");
                    return;
                }
                String code = UUID.randomUUID().toString();
                wecomCodes.put(code, nextWeCom == null ? "" : nextWeCom);
                redirect(request, q.get("redirect_uri"), code, q.get("state"));
            }
            case "/cgi-bin/gettoken" -> {
                gettokenCalls.incrementAndGet();
                if (!corpId.equals(q.get("corpid")) || !corpSecret.equals(q.get("corpsecret"))) {
                    error(request, 40001, "invalid credential");
                    return;
                }
                String token = UUID.randomUUID().toString();
                wecomTokens.put(token, true);
                json(
                        request,
                        new JsonObject()
                                .put("errcode", 0)
                                .put("errmsg", "ok")
                                .put("access_token", token)
                                .put("expires_in", 7200));
            }
            case "/cgi-bin/auth/getuserinfo" -> {
                if (q.get("access_token") == null || !wecomTokens.containsKey(q.get("access_token"))) {
                    error(request, 42001, "access_token expired");
                    return;
                }
                String userid = q.get("code") == null ? null : wecomCodes.remove(q.get("code"));
                if (userid == null) {
                    error(request, 40029, "invalid code");
                    return;
                }
                json(
                        request,
                        userid.isEmpty()
                                ? new JsonObject()
                                        .put("errcode", 0)
                                        .put("errmsg", "ok")
                                        .put("openid", "visitor-openid")
                                : new JsonObject()
                                        .put("errcode", 0)
                                        .put("errmsg", "ok")
                                        .put("userid", userid)
                                        .put("user_ticket", UUID.randomUUID().toString()));
            }
            default -> error(request, 404, "not found");
        }
    }

    private static void redirect(HttpServerRequest request, String redirectUri, String code, String state) {
        String location = redirectUri + (redirectUri.contains("?") ? "&" : "?") + "code=" + code + "&state="
                + URLEncoder.encode(state == null ? "" : state, StandardCharsets.UTF_8);
        request.response().setStatusCode(302).putHeader("Location", location).end();
    }

    private static void error(HttpServerRequest request, int errcode, String errmsg) {
        json(request, new JsonObject().put("errcode", errcode).put("errmsg", errmsg));
    }

    private static void json(HttpServerRequest request, JsonObject body) {
        request.response()
                .putHeader("content-type", "application/json; charset=utf-8")
                .end(body.encode());
    }

    @Override
    public void close() {
        vertx.close().await();
    }
}
