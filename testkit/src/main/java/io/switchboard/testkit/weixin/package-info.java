/**
 * A fake WeChat official-account and WeCom platform: it signs and encrypts callbacks as the platform
 * does (its own crypto, shared with no adapter), delivers them with the platform's deadline and
 * retries on another gateway member, serves the token and message APIs, and records what each user
 * would see.
 */
package io.switchboard.testkit.weixin;
