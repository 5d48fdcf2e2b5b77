package io.switchboard.testkit.sms;

import java.util.List;

/** One SMS a fake provider accepted: the number as the provider got it, the template and its parameters. */
public record SmsMessage(String phone, String signName, String template, List<String> params) {}
