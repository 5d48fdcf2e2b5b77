/**
 * What the WeChat official-account and WeCom adapters share: the blocking bridge to Vert.x for their
 * virtual threads, the XXE-safe envelope parser, replay protection, the cluster-wide access token,
 * the 2048-byte splitter and the platforms' error codes. Internal to {@code wechat} and {@code wecom}:
 * public only because Java has no friend packages.
 */
package io.switchboard.channels.weixin;
