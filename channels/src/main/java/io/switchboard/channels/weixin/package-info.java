/**
 * What the WeChat official-account and WeCom adapters share: the blocking bridge to Vert.x for their
 * virtual threads, the XXE-safe envelope parser, replay protection, the cluster-wide access token,
 * the 2048-byte splitter, the platforms' error codes, and the lease holder's recovery of in-flight
 * records ({@code HolderRecovery}, for {@code wecomaibot}, {@code wechatkf} and {@code ilink}). Internal:
 * public only because Java has no friend packages.
 */
package io.switchboard.channels.weixin;
