package io.switchboard.admin.sms;

/**
 * Sends a login code by SMS: the SPI behind phone-number login. Implementations: {@link LogOnlySmsSender}
 * (development, the default), {@link AliyunSmsSender} (Alibaba Cloud SMS {@code SendSms}) and
 * {@link TencentSmsSender} (Tencent Cloud SMS {@code SendSms}). Each calls its provider's documented HTTP
 * API with a signed request through the SSRF guard, with timeouts.
 */
public interface SmsSender {
    /**
     * Sends {@code code} to {@code phone}. Blocking: call from a virtual thread. Thread-safe.
     *
     * @param phone an E.164 number, e.g. {@code +8613800138000}
     * @param code the digits to send, filled into the provider's template
     * @param ttlMinutes how long the code stays valid, for templates that say so
     * @throws SmsException when the provider refused or could not be reached; never with the secret in it
     */
    void send(String phone, String code, int ttlMinutes);

    /** A short name for logs and the audit trail: {@code log}, {@code aliyun}, {@code tencent}. */
    String name();
}
