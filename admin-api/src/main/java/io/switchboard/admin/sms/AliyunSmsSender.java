package io.switchboard.admin.sms;

import io.switchboard.runtime.net.FetchException;
import io.switchboard.runtime.net.HttpCall;
import io.switchboard.runtime.net.HttpResult;
import io.switchboard.runtime.net.SafeHttpClient;
import io.switchboard.runtime.security.Secret;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Alibaba Cloud SMS (Dysmsapi 2017-05-25) {@code SendSms}: an RPC-style POST, form-encoded, signed with
 * signature version 1.0 (HMAC-SHA1 over {@code POST&%2F&} + the percent-encoded sorted parameters, keyed
 * with the AccessKey secret + {@code &}). The template gets {@code {"code": "..."}}. Answers
 * {@code {"Code":"OK"}} on success; throttling codes ({@code isv.BUSINESS_LIMIT_CONTROL}, {@code Throttling*})
 * are retriable, every other code is not.
 */
public final class AliyunSmsSender implements SmsSender {
    public static final URI DEFAULT_ENDPOINT = URI.create("https://dysmsapi.aliyuncs.com/");

    private final Config config;
    private final SafeHttpClient http;
    private final Clock clock;

    /**
     * @param endpoint the API's base URL (overridable for tests)
     * @param templateCode e.g. {@code SMS_123456789}, a template with a {@code ${code}} variable
     */
    public record Config(
            String accessKeyId, Secret accessKeySecret, String signName, String templateCode, URI endpoint) {
        public Config {
            require(accessKeyId, "login.sms.aliyun.accessKeyId");
            Objects.requireNonNull(accessKeySecret, "login.sms.aliyun.accessKeySecret is required");
            require(signName, "login.sms.aliyun.signName");
            require(templateCode, "login.sms.aliyun.templateCode");
            endpoint = endpoint == null ? DEFAULT_ENDPOINT : endpoint;
        }
    }

    public AliyunSmsSender(Config config, SafeHttpClient http, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.http = Objects.requireNonNull(http, "http");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void send(String phone, String code, int ttlMinutes) {
        Map<String, String> params = new TreeMap<>();
        params.put("AccessKeyId", config.accessKeyId());
        params.put("Action", "SendSms");
        params.put("Format", "JSON");
        params.put("PhoneNumbers", aliyunNumber(phone));
        params.put("SignName", config.signName());
        params.put("SignatureMethod", "HMAC-SHA1");
        params.put("SignatureNonce", UUID.randomUUID().toString());
        params.put("SignatureVersion", "1.0");
        params.put("TemplateCode", config.templateCode());
        params.put("TemplateParam", new JsonObject().put("code", code).encode());
        params.put(
                "Timestamp",
                DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS)));
        params.put("Version", "2017-05-25");
        params.put("Signature", signature("POST", params, config.accessKeySecret()));
        String form = params.entrySet().stream()
                .map(e -> percent(e.getKey()) + "=" + percent(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpResult result;
        try {
            result = http.send(new HttpCall(
                    "POST",
                    config.endpoint(),
                    Map.of("Content-Type", "application/x-www-form-urlencoded", "Accept", "application/json"),
                    form.getBytes(StandardCharsets.UTF_8)));
        } catch (FetchException e) {
            throw new SmsException("Alibaba Cloud SMS could not be reached: " + e.getMessage(), true);
        }
        JsonObject answer;
        try {
            answer = new JsonObject(result.text());
        } catch (DecodeException | ClassCastException e) {
            throw new SmsException("Alibaba Cloud SMS answered HTTP " + result.status() + " without JSON", true);
        }
        String status = answer.getString("Code", "");
        if (!status.equals("OK")) {
            boolean throttled = status.startsWith("Throttling") || status.equals("isv.BUSINESS_LIMIT_CONTROL");
            throw new SmsException(
                    "Alibaba Cloud SMS refused SendSms: " + status + " " + answer.getString("Message", ""), throttled);
        }
    }

    @Override
    public String name() {
        return "aliyun";
    }

    /** Signature version 1.0 of Alibaba Cloud's RPC APIs over {@code params} (without {@code Signature}). */
    static String signature(String method, Map<String, String> params, Secret accessKeySecret) {
        String canonical = new TreeMap<>(params)
                .entrySet().stream()
                        .filter(e -> !e.getKey().equals("Signature"))
                        .map(e -> percent(e.getKey()) + "=" + percent(e.getValue()))
                        .collect(Collectors.joining("&"));
        String toSign = method + "&" + percent("/") + "&" + percent(canonical);
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec((accessKeySecret.reveal() + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is not available", e);
        }
    }

    /** RFC 3986 percent-encoding as Alibaba Cloud specifies it: space {@code %20}, {@code *} {@code %2A}, {@code ~} kept. */
    static String percent(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8)
                .replace("+", "%20")
                .replace("*", "%2A")
                .replace("%7E", "~");
    }

    /** Mainland numbers without {@code +86}; others as country code and number without {@code +}. */
    static String aliyunNumber(String phone) {
        return phone.startsWith("+86") ? phone.substring(3) : phone.substring(1);
    }

    private static void require(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " is required");
        }
    }
}
