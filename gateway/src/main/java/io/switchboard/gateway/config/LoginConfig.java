package io.switchboard.gateway.config;

import java.time.Duration;
import java.util.List;

/**
 * The {@code login} section: the ways into the admin console beside the password (issue 13). SMS codes go
 * through {@code sms.provider} ({@code log}: development, the code is logged; {@code aliyun};
 * {@code tencent}); OIDC providers, WeChat website login and WeCom web login are offered when configured.
 * Outbound calls go through the SSRF guard; {@code allowlist} (comma-separated addresses or CIDR blocks)
 * opens private addresses, e.g. a Keycloak on the internal network. Secrets print as {@code ***}.
 */
public record LoginConfig(Sms sms, List<Oidc> oidc, WeChat wechat, WeCom wecom, String allowlist) {
    public static final LoginConfig DEFAULT = new LoginConfig(null, null, null, null, null);

    public LoginConfig {
        sms = sms == null ? Sms.DEFAULT : sms;
        oidc = oidc == null ? List.of() : List.copyOf(oidc);
        allowlist = allowlist == null ? "" : allowlist.strip();
        if (oidc.stream().map(Oidc::id).distinct().count() != oidc.size()) {
            throw new IllegalArgumentException("login.oidc[].id must be unique");
        }
    }

    /** The allowlist entries. */
    public List<String> allowlistEntries() {
        return java.util.Arrays.stream(allowlist.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    public record Sms(
            String provider,
            Duration codeTtl,
            Duration resendInterval,
            Integer perPhonePerHour,
            Integer perAddressPerHour,
            Aliyun aliyun,
            Tencent tencent) {
        public static final Sms DEFAULT = new Sms(null, null, null, null, null, null, null);

        public Sms {
            provider = provider == null || provider.isBlank() ? "log" : provider.strip();
            if (!List.of("log", "aliyun", "tencent").contains(provider)) {
                throw new IllegalArgumentException(
                        "login.sms.provider must be log, aliyun or tencent, not '" + provider + "'");
            }
            if (provider.equals("aliyun") && aliyun == null) {
                throw new IllegalArgumentException("login.sms.provider is aliyun: set login.sms.aliyun");
            }
            if (provider.equals("tencent") && tencent == null) {
                throw new IllegalArgumentException("login.sms.provider is tencent: set login.sms.tencent");
            }
        }
    }

    public record Aliyun(
            String accessKeyId, String accessKeySecret, String signName, String templateCode, String endpoint) {
        @Override
        public String toString() {
            return "Aliyun[accessKeyId=" + accessKeyId + ", accessKeySecret=***, signName=" + signName + "]";
        }
    }

    public record Tencent(
            String secretId,
            String secretKey,
            String sdkAppId,
            String signName,
            String templateId,
            String region,
            String endpoint) {
        @Override
        public String toString() {
            return "Tencent[secretId=" + secretId + ", secretKey=***, sdkAppId=" + sdkAppId + "]";
        }
    }

    public record Oidc(
            String id, String displayName, String issuer, String clientId, String clientSecret, List<String> scopes) {
        @Override
        public String toString() {
            return "Oidc[id=" + id + ", issuer=" + issuer + ", clientId=" + clientId + ", clientSecret=***]";
        }
    }

    /** WeChat Open Platform website app; off while {@code appId} is empty. */
    public record WeChat(String appId, String appSecret, String openBase, String apiBase) {
        public boolean enabled() {
            return appId != null && !appId.isBlank();
        }

        @Override
        public String toString() {
            return "WeChat[appId=" + appId + ", appSecret=***]";
        }
    }

    /** A WeCom self-built app for staff login; off while {@code corpId} is empty. */
    public record WeCom(String corpId, String agentId, String secret, String loginBase, String apiBase) {
        public boolean enabled() {
            return corpId != null && !corpId.isBlank();
        }

        @Override
        public String toString() {
            return "WeCom[corpId=" + corpId + ", agentId=" + agentId + ", secret=***]";
        }
    }
}
