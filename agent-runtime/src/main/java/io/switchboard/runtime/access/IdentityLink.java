package io.switchboard.runtime.access;

import java.time.Instant;

/**
 * An outside identity that logs in as an admin: {@code provider} is {@code phone}, {@code wechat},
 * {@code wecom} or {@code oidc:<id>}; {@code subject} the provider's stable id (E.164 number, WeChat
 * unionid/openid, WeCom userid, OIDC {@code sub}).
 */
public record IdentityLink(String provider, String subject, String username, String displayName, Instant createdAt) {}
