package io.switchboard.testkit.weixin;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** The fake platform's access tokens: who holds which, the stable token per account, what was issued. */
final class FakeTokens {
    private final Map<String, String> owners = new ConcurrentHashMap<>();
    private final Map<String, String> stable = new ConcurrentHashMap<>();
    private final List<String> issuedTo = new CopyOnWriteArrayList<>();

    /** {@code /cgi-bin/token}: a new token every time (the old one keeps working). */
    JsonObject token(OfficialAccount account, String secret) {
        if (account == null || !account.secret().equals(secret)) {
            return FakeWeixinPlatform.error(40125, "invalid appsecret");
        }
        return issue(account.appId());
    }

    /** {@code /cgi-bin/stable_token}: the current token unless {@code force_refresh}. */
    JsonObject stableToken(Map<String, OfficialAccount> accounts, Buffer body) {
        JsonObject in;
        try {
            in = body.toJsonObject();
        } catch (RuntimeException e) {
            return FakeWeixinPlatform.error(47001, "data format error");
        }
        String appId = in.getString("appid");
        OfficialAccount account = appId == null ? null : accounts.get(appId);
        if (account == null || !account.secret().equals(in.getString("secret"))) {
            return FakeWeixinPlatform.error(40125, "invalid appsecret");
        }
        String current = stable.get(appId);
        if (current != null && !in.getBoolean("force_refresh", false) && owners.containsKey(current)) {
            return new JsonObject().put("access_token", current).put("expires_in", 7200);
        }
        JsonObject issued = issue(appId);
        stable.put(appId, issued.getString("access_token"));
        return issued;
    }

    /** WeCom's {@code /cgi-bin/gettoken}. */
    JsonObject corpToken(CorpApp app, String secret) {
        if (app == null || !app.secret().equals(secret)) {
            return FakeWeixinPlatform.error(40001, "invalid credential");
        }
        return issue(app.corpId()).put("errcode", 0).put("errmsg", "ok");
    }

    /** The account a token belongs to, or null when unknown or invalidated. */
    String owner(String token) {
        return token == null ? null : owners.get(token);
    }

    void invalidateAll() {
        owners.clear();
        stable.clear();
    }

    List<String> issuedTo() {
        return List.copyOf(issuedTo);
    }

    private JsonObject issue(String owner) {
        String token = "AT-" + UUID.randomUUID();
        owners.put(token, owner);
        issuedTo.add(owner);
        return new JsonObject().put("access_token", token).put("expires_in", 7200);
    }
}
