package io.switchboard.testkit.weixin;

/**
 * An official account as the fake platform knows it.
 *
 * @param originalId the account's own user name ({@code gh_...}), the {@code ToUserName} of callbacks
 */
public record OfficialAccount(String appId, String secret, String token, String encodingAesKey, String originalId) {
    /** A fresh account with random credentials. */
    public static OfficialAccount random(String name) {
        return new OfficialAccount(
                "wx" + name,
                "secret-" + name,
                "token" + name.replaceAll("[^A-Za-z0-9]", ""),
                WeixinCrypto.newEncodingAesKey(),
                "gh_" + name);
    }
}
