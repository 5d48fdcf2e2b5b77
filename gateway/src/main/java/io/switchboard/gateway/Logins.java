package io.switchboard.gateway;

import com.hazelcast.core.HazelcastInstance;
import io.switchboard.admin.LoginMethods;
import io.switchboard.admin.access.HazelcastAttemptCounter;
import io.switchboard.admin.external.IdentityProvider;
import io.switchboard.admin.external.ManagedOidcProviders;
import io.switchboard.admin.external.OidcIdentityProvider;
import io.switchboard.admin.external.WeChatIdentityProvider;
import io.switchboard.admin.external.WeComIdentityProvider;
import io.switchboard.admin.sms.AliyunSmsSender;
import io.switchboard.admin.sms.LogOnlySmsSender;
import io.switchboard.admin.sms.SmsCodes;
import io.switchboard.admin.sms.SmsSender;
import io.switchboard.admin.sms.TencentSmsSender;
import io.switchboard.gateway.config.GatewayConfig;
import io.switchboard.gateway.config.LoginConfig;
import io.switchboard.runtime.net.NetPolicy;
import io.switchboard.runtime.net.SafeHttpClient;
import io.switchboard.runtime.security.Secret;
import io.switchboard.runtime.store.Database;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the ways into the admin console from the {@code login} section (issue 13). */
final class Logins {
    private static final Logger LOG = LoggerFactory.getLogger(Logins.class);

    private Logins() {}

    static LoginMethods create(GatewayConfig config, Database database, HazelcastInstance hazelcast) {
        LoginConfig login = config.login();
        SafeHttpClient http = SafeHttpClient.create(NetPolicy.builder()
                .allowlist(login.allowlistEntries())
                .maxRedirects(0)
                .connectTimeout(Duration.ofSeconds(5))
                .totalTimeout(Duration.ofSeconds(10))
                .maxResponseBytes(1024 * 1024)
                .build());
        Clock clock = Clock.systemUTC();
        List<IdentityProvider> providers = new ArrayList<>();
        for (LoginConfig.Oidc oidc : login.oidc()) {
            providers.add(new OidcIdentityProvider(
                    new OidcIdentityProvider.Config(
                            oidc.id(),
                            oidc.displayName(),
                            uri(oidc.issuer(), "login.oidc[" + oidc.id() + "].issuer"),
                            oidc.clientId(),
                            secret(oidc.clientSecret()),
                            oidc.scopes()),
                    http,
                    clock));
        }
        if (login.wechat() != null && login.wechat().enabled()) {
            LoginConfig.WeChat wechat = login.wechat();
            providers.add(new WeChatIdentityProvider(
                    new WeChatIdentityProvider.Config(
                            wechat.appId(),
                            secret(wechat.appSecret()),
                            uri(wechat.openBase(), "login.wechat.openBase"),
                            uri(wechat.apiBase(), "login.wechat.apiBase")),
                    http));
        }
        if (login.wecom() != null && login.wecom().enabled()) {
            LoginConfig.WeCom wecom = login.wecom();
            providers.add(new WeComIdentityProvider(
                    new WeComIdentityProvider.Config(
                            wecom.corpId(),
                            wecom.agentId(),
                            secret(wecom.secret()),
                            uri(wecom.loginBase(), "login.wecom.loginBase"),
                            uri(wecom.apiBase(), "login.wecom.apiBase")),
                    http,
                    clock));
        }
        LoginConfig.Sms sms = login.sms();
        SmsCodes.Policy policy = new SmsCodes.Policy(
                sms.codeTtl() == null ? SmsCodes.Policy.DEFAULT.codeTtl() : sms.codeTtl(),
                sms.resendInterval() == null ? SmsCodes.Policy.DEFAULT.resendInterval() : sms.resendInterval(),
                sms.perPhonePerHour() == null ? SmsCodes.Policy.DEFAULT.perPhonePerHour() : sms.perPhonePerHour(),
                sms.perAddressPerHour() == null ? SmsCodes.Policy.DEFAULT.perAddressPerHour() : sms.perAddressPerHour(),
                SmsCodes.Policy.DEFAULT.maxAttempts());
        SmsSender sender = sender(sms, http, clock);
        if (sender instanceof LogOnlySmsSender) {
            LOG.info("SMS login codes go to the log (login.sms.provider=log); set aliyun or tencent to send them");
        }
        String publicUrl = config.http().publicUrl().isEmpty()
                ? "http://localhost:" + config.http().port()
                : config.http().publicUrl();
        return LoginMethods.builder(database.secondFactors(), database.identityLinks(), database.loginChallenges())
                .clock(clock)
                .sms(sender, policy)
                .counters(new HazelcastAttemptCounter(hazelcast))
                .providers(providers)
                .managedOidc(new ManagedOidcProviders(database.oidcProviders(), http, clock))
                .publicUrl(URI.create(publicUrl))
                .build();
    }

    private static SmsSender sender(LoginConfig.Sms sms, SafeHttpClient http, Clock clock) {
        return switch (sms.provider()) {
            case "aliyun" ->
                new AliyunSmsSender(
                        new AliyunSmsSender.Config(
                                sms.aliyun().accessKeyId(),
                                secret(sms.aliyun().accessKeySecret()),
                                sms.aliyun().signName(),
                                sms.aliyun().templateCode(),
                                uri(sms.aliyun().endpoint(), "login.sms.aliyun.endpoint")),
                        http,
                        clock);
            case "tencent" ->
                new TencentSmsSender(
                        new TencentSmsSender.Config(
                                sms.tencent().secretId(),
                                secret(sms.tencent().secretKey()),
                                sms.tencent().sdkAppId(),
                                sms.tencent().signName(),
                                sms.tencent().templateId(),
                                sms.tencent().region(),
                                uri(sms.tencent().endpoint(), "login.sms.tencent.endpoint")),
                        http,
                        clock);
            default -> new LogOnlySmsSender();
        };
    }

    private static Secret secret(String value) {
        return value == null || value.isBlank() ? null : Secret.of(value);
    }

    /** Null for empty (the adapter's default); else an absolute http(s) URL. */
    private static URI uri(String value, String key) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            URI uri = URI.create(value.strip());
            if (!uri.isAbsolute() || uri.getHost() == null) {
                throw new IllegalArgumentException(key + " must be an absolute http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + " must be an absolute http(s) URL, got '" + value + "'");
        }
    }
}
