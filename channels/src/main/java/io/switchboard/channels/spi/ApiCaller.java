package io.switchboard.channels.spi;

/** Who called the developer API: the key's public id and the one app it may use. */
public record ApiCaller(String keyId, String appId) {}
