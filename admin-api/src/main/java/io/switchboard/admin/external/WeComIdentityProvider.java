package io.switchboard.admin.external;

import io.switchboard.runtime.net.SafeHttpClient;
import io.switchboard.runtime.security.Secret;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * WeCom (企业微信) web login for staff of one corporation: the browser goes to
 * {@code login.work.weixin.qq.com/wwlogin/sso/login} ({@code login_type=CorpApp}, the corp id and the
 * self-built app's agent id), the member scans or confirms in WeCom, WeCom comes back with {@code code}
 * and {@code state}; {@code /cgi-bin/gettoken} (corp id and the app's secret; the token is kept until
 * shortly before it expires) and {@code /cgi-bin/auth/getuserinfo} give the member's {@code userid}, the
 * identity. A visitor who is not a member (an {@code openid} only) is refused.
 */
public final class WeComIdentityProvider implements IdentityProvider {
    public static final URI DEFAULT_LOGIN_BASE = URI.create("https://login.work.weixin.qq.com");
    public static final URI DEFAULT_API_BASE = URI.create("https://qyapi.weixin.qq.com");

    private final Config config;
    private final WeixinApi api;
    private final Clock clock;
    private volatile Token token;

    private record Token(String value, Instant expiresAt) {}

    public record Config(String corpId, String agentId, Secret secret, URI loginBase, URI apiBase) {
        public Config {
            if (corpId == null || corpId.isBlank()) {
                throw new IllegalArgumentException("login.wecom.corpId is required");
            }
            if (agentId == null || !agentId.matches("\\d{1,20}")) {
                throw new IllegalArgumentException("login.wecom.agentId must be the self-built app's AgentId (digits)");
            }
            Objects.requireNonNull(secret, "login.wecom.secret is required (the app's Secret)");
            loginBase = loginBase == null ? DEFAULT_LOGIN_BASE : loginBase;
            apiBase = apiBase == null ? DEFAULT_API_BASE : apiBase;
        }
    }

    public WeComIdentityProvider(Config config, SafeHttpClient http, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.api = new WeixinApi(http, "WeCom login");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String key() {
        return "wecom";
    }

    @Override
    public String displayName() {
        return "WeCom";
    }

    @Override
    public Start start(String state, URI redirectUri) {
        URI url = URI.create(config.loginBase().toString().replaceAll("/+$", "")
                + "/wwlogin/sso/login?login_type=CorpApp&appid=" + WeixinApi.encode(config.corpId())
                + "&agentid=" + config.agentId()
                + "&redirect_uri=" + WeixinApi.encode(redirectUri.toString())
                + "&state=" + WeixinApi.encode(state));
        return new Start(url, Map.of());
    }

    @Override
    public ExternalIdentity complete(String code, Map<String, String> remembered, URI redirectUri) {
        JsonObject user;
        try {
            user = api.get(
                    config.apiBase(),
                    "/cgi-bin/auth/getuserinfo",
                    Map.of("access_token", accessToken(false), "code", code));
        } catch (IdentityProviderException e) {
            // 40014 / 42001: the cached token is no longer valid; fetch a new one once.
            if (!e.getMessage().contains("errcode 40014") && !e.getMessage().contains("errcode 42001")) {
                throw e;
            }
            user = api.get(
                    config.apiBase(),
                    "/cgi-bin/auth/getuserinfo",
                    Map.of("access_token", accessToken(true), "code", code));
        }
        String userid = user.getString("userid", user.getString("UserId"));
        if (userid == null) {
            throw IdentityProviderException.refusedLogin("WeCom login: not a member of the corporation (no userid)");
        }
        return new ExternalIdentity(userid, userid);
    }

    private String accessToken(boolean renew) {
        Token cached = token;
        if (!renew && cached != null && cached.expiresAt().isAfter(clock.instant())) {
            return cached.value();
        }
        JsonObject answer = api.get(
                config.apiBase(),
                "/cgi-bin/gettoken",
                Map.of("corpid", config.corpId(), "corpsecret", config.secret().reveal()));
        String value = answer.getString("access_token");
        if (value == null) {
            throw new IdentityProviderException("WeCom login: gettoken gave no access_token");
        }
        long seconds = answer.getLong("expires_in", 7200L);
        token = new Token(value, clock.instant().plusSeconds(Math.max(60, seconds - 300)));
        return value;
    }
}
