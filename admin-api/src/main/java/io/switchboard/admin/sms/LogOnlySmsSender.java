package io.switchboard.admin.sms;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For development: writes the code to the log instead of sending it (the default when no SMS provider is
 * configured). Never use it where the log is readable by others: the code logs in.
 */
public final class LogOnlySmsSender implements SmsSender {
    private static final Logger LOG = LoggerFactory.getLogger(LogOnlySmsSender.class);

    @Override
    public void send(String phone, String code, int ttlMinutes) {
        LOG.warn(
                "development SMS sender (login.sms.provider=log): code {} for {} (valid {} min); configure"
                        + " aliyun or tencent to send real messages",
                code,
                SmsPhone.masked(phone),
                ttlMinutes);
    }

    @Override
    public String name() {
        return "log";
    }
}
