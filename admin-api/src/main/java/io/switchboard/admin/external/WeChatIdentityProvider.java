package io.switchboard.admin.external;

import io.switchboard.runtime.net.SafeHttpClient;
import io.switchboard.runtime.security.Secret;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * WeChat Open Platform website QR login (OAuth2 {@code snsapi_login}): the browser goes to
 * {@code open.weixin.qq.com/connect/qrconnect}, the user scans the QR code with WeChat, WeChat comes back
 * with {@code code} and {@code state}; the code is traded at {@code /sns/oauth2/access_token} (app id and
 * secret) and {@code /sns/userinfo} gives the nickname. The identity is the {@code unionid} when the app is
 * bound to an Open Platform account, else the {@code openid}.
 */
public final class WeChatIdentityProvider implements IdentityProvider {
    public static final URI DEFAULT_OPEN_BASE = URI.create("https://open.weixin.qq.com");
    public static final URI DEFAULT_API_BASE = URI.create("https://api.weixin.qq.com");

    private final Config config;
    private final WeixinApi api;

    /** @param openBase where the QR page lives; @param apiBase where the sns APIs live (both overridable for tests) */
    public record Config(String appId, Secret appSecret, URI openBase, URI apiBase) {
        public Config {
            if (appId == null || appId.isBlank()) {
                throw new IllegalArgumentException("login.wechat.appId is required (the website app's AppID)");
            }
            Objects.requireNonNull(appSecret, "login.wechat.appSecret is required");
            openBase = openBase == null ? DEFAULT_OPEN_BASE : openBase;
            apiBase = apiBase == null ? DEFAULT_API_BASE : apiBase;
        }
    }

    public WeChatIdentityProvider(Config config, SafeHttpClient http) {
        this.config = Objects.requireNonNull(config, "config");
        this.api = new WeixinApi(http, "WeChat login");
    }

    @Override
    public String key() {
        return "wechat";
    }

    @Override
    public String displayName() {
        return "WeChat";
    }

    @Override
    public Start start(String state, URI redirectUri) {
        URI url = URI.create(config.openBase().toString().replaceAll("/+$", "")
                + "/connect/qrconnect?appid=" + WeixinApi.encode(config.appId())
                + "&redirect_uri=" + WeixinApi.encode(redirectUri.toString())
                + "&response_type=code&scope=snsapi_login&state=" + WeixinApi.encode(state)
                + "#wechat_redirect");
        return new Start(url, Map.of());
    }

    @Override
    public ExternalIdentity complete(String code, Map<String, String> remembered, URI redirectUri) {
        JsonObject token = api.get(
                config.apiBase(),
                "/sns/oauth2/access_token",
                Map.of(
                        "appid",
                        config.appId(),
                        "secret",
                        config.appSecret().reveal(),
                        "code",
                        code,
                        "grant_type",
                        "authorization_code"));
        String accessToken = token.getString("access_token");
        String openid = token.getString("openid");
        if (accessToken == null || openid == null) {
            throw new IdentityProviderException("WeChat login: the token answer has no access_token or openid");
        }
        JsonObject user =
                api.get(config.apiBase(), "/sns/userinfo", Map.of("access_token", accessToken, "openid", openid));
        String unionid = user.getString("unionid", token.getString("unionid"));
        return new ExternalIdentity(unionid != null ? unionid : openid, user.getString("nickname"));
    }
}
