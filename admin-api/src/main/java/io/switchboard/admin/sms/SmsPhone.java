package io.switchboard.admin.sms;

import java.util.Optional;

/** Phone numbers as Switchboard keeps them: E.164 ({@code +} country code and number, at most 15 digits). */
public final class SmsPhone {
    private SmsPhone() {}

    /**
     * The E.164 form of {@code raw}: {@code +8613800138000} as is, spaces, dashes and parentheses dropped; an
     * 11-digit mainland China mobile number ({@code 13800138000}) gets {@code +86}. Empty when not a number.
     */
    public static Optional<String> normalize(String raw) {
        if (raw == null || raw.codePointCount(0, raw.length()) > 32) {
            return Optional.empty();
        }
        String compact = raw.strip().replaceAll("[\\s().-]", "");
        if (compact.matches("1[3-9]\\d{9}")) {
            compact = "+86" + compact;
        }
        return compact.matches("\\+[1-9]\\d{6,14}") ? Optional.of(compact) : Optional.empty();
    }

    /** {@code +86138****8000}: enough to recognise a number in a log, not to use it. */
    public static String masked(String phone) {
        if (phone == null || phone.length() < 8) {
            return "***";
        }
        return phone.substring(0, phone.length() - 8) + "****" + phone.substring(phone.length() - 4);
    }
}
