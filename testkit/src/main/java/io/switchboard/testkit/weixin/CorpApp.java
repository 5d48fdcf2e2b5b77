package io.switchboard.testkit.weixin;

/** A WeCom self-built app as the fake platform knows it. */
public record CorpApp(String corpId, String secret, int agentId, String token, String encodingAesKey) {
    /** A fresh app with random credentials. */
    public static CorpApp random(String name, int agentId) {
        return new CorpApp(
                "ww" + name,
                "secret-" + name,
                agentId,
                "token" + name.replaceAll("[^A-Za-z0-9]", ""),
                WeixinCrypto.newEncodingAesKey());
    }
}
