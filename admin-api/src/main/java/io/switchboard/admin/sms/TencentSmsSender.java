package io.switchboard.admin.sms;

import io.switchboard.runtime.net.FetchException;
import io.switchboard.runtime.net.HttpCall;
import io.switchboard.runtime.net.HttpResult;
import io.switchboard.runtime.net.SafeHttpClient;
import io.switchboard.runtime.security.Secret;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tencent Cloud SMS (API 2021-01-11) {@code SendSms}: a JSON POST signed with TC3-HMAC-SHA256 over the
 * canonical request (method, {@code /}, empty query, the {@code content-type}, {@code host} and
 * {@code x-tc-action} headers, the SHA-256 of the body), with a key derived from the SecretKey, the UTC date
 * and the service {@code sms}. The template gets the code and the minutes it stays valid. Success is
 * {@code SendStatusSet[0].Code == "Ok"}; {@code LimitExceeded*}, {@code RequestLimitExceeded} and
 * {@code InternalError*} are retriable.
 */
public final class TencentSmsSender implements SmsSender {
    public static final URI DEFAULT_ENDPOINT = URI.create("https://sms.tencentcloudapi.com/");
    public static final String DEFAULT_REGION = "ap-guangzhou";
    static final String ALGORITHM = "TC3-HMAC-SHA256";
    static final String SERVICE = "sms";
    static final String CONTENT_TYPE = "application/json; charset=utf-8";

    private final Config config;
    private final SafeHttpClient http;
    private final Clock clock;

    /**
     * @param sdkAppId the SMS application's SdkAppId ({@code 1400…})
     * @param templateId a template with two parameters: the code and its minutes
     */
    public record Config(
            String secretId,
            Secret secretKey,
            String sdkAppId,
            String signName,
            String templateId,
            String region,
            URI endpoint) {
        public Config {
            for (String[] field : new String[][] {
                {secretId, "secretId"}, {sdkAppId, "sdkAppId"}, {signName, "signName"}, {templateId, "templateId"}
            }) {
                if (field[0] == null || field[0].isBlank()) {
                    throw new IllegalArgumentException("login.sms.tencent." + field[1] + " is required");
                }
            }
            Objects.requireNonNull(secretKey, "login.sms.tencent.secretKey is required");
            region = region == null || region.isBlank() ? DEFAULT_REGION : region;
            endpoint = endpoint == null ? DEFAULT_ENDPOINT : endpoint;
        }
    }

    public TencentSmsSender(Config config, SafeHttpClient http, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.http = Objects.requireNonNull(http, "http");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void send(String phone, String code, int ttlMinutes) {
        String body = new JsonObject()
                .put("PhoneNumberSet", new JsonArray().add(phone))
                .put("SmsSdkAppId", config.sdkAppId())
                .put("SignName", config.signName())
                .put("TemplateId", config.templateId())
                .put("TemplateParamSet", new JsonArray().add(code).add(Integer.toString(ttlMinutes)))
                .encode();
        long timestamp = clock.instant().getEpochSecond();
        String host = hostHeader(config.endpoint());
        String authorization = authorization(config.secretId(), config.secretKey(), host, "SendSms", body, timestamp);
        HttpResult result;
        try {
            result = http.send(new HttpCall(
                    "POST",
                    config.endpoint(),
                    Map.of(
                            "Authorization",
                            authorization,
                            "Content-Type",
                            CONTENT_TYPE,
                            "X-TC-Action",
                            "SendSms",
                            "X-TC-Timestamp",
                            Long.toString(timestamp),
                            "X-TC-Version",
                            "2021-01-11",
                            "X-TC-Region",
                            config.region()),
                    body.getBytes(StandardCharsets.UTF_8)));
        } catch (FetchException e) {
            throw new SmsException("Tencent Cloud SMS could not be reached: " + e.getMessage(), true);
        }
        JsonObject response;
        try {
            response = new JsonObject(result.text()).getJsonObject("Response", new JsonObject());
        } catch (DecodeException | ClassCastException e) {
            throw new SmsException("Tencent Cloud SMS answered HTTP " + result.status() + " without JSON", true);
        }
        JsonObject error = response.getJsonObject("Error");
        if (error != null) {
            String errorCode = error.getString("Code", "");
            throw new SmsException(
                    "Tencent Cloud SMS refused SendSms: " + errorCode + " " + error.getString("Message", ""),
                    retriable(errorCode));
        }
        JsonArray statuses = response.getJsonArray("SendStatusSet", new JsonArray());
        JsonObject status = statuses.isEmpty() ? new JsonObject() : statuses.getJsonObject(0);
        if (!"Ok".equals(status.getString("Code"))) {
            String statusCode = status.getString("Code", "no status");
            throw new SmsException(
                    "Tencent Cloud SMS did not send: " + statusCode + " " + status.getString("Message", ""),
                    retriable(statusCode));
        }
    }

    @Override
    public String name() {
        return "tencent";
    }

    private static boolean retriable(String code) {
        return code.startsWith("LimitExceeded")
                || code.equals("RequestLimitExceeded")
                || code.startsWith("InternalError");
    }

    /** The {@code Authorization} header of TC3-HMAC-SHA256 for a JSON POST to {@code /}. */
    static String authorization(
            String secretId, Secret secretKey, String host, String action, String body, long timestamp) {
        String date = DateTimeFormatter.ISO_LOCAL_DATE.format(
                Instant.ofEpochSecond(timestamp).atOffset(ZoneOffset.UTC));
        String signedHeaders = "content-type;host;x-tc-action";
        String canonicalRequest = "POST\n/\n\n"
                + "content-type:" + CONTENT_TYPE + "\n"
                + "host:" + host + "\n"
                + "x-tc-action:" + action.toLowerCase(Locale.ROOT) + "\n"
                + "\n" + signedHeaders + "\n" + sha256Hex(body);
        String scope = date + "/" + SERVICE + "/tc3_request";
        String toSign = ALGORITHM + "\n" + timestamp + "\n" + scope + "\n" + sha256Hex(canonicalRequest);
        byte[] secretDate = hmac(("TC3" + secretKey.reveal()).getBytes(StandardCharsets.UTF_8), date);
        byte[] secretService = hmac(secretDate, SERVICE);
        byte[] secretSigning = hmac(secretService, "tc3_request");
        String signature = HexFormat.of().formatHex(hmac(secretSigning, toSign));
        return ALGORITHM + " Credential=" + secretId + "/" + scope + ", SignedHeaders=" + signedHeaders + ", Signature="
                + signature;
    }

    /** The Host header the HTTP client sends: the host, and the port when it is not the scheme's default. */
    static String hostHeader(URI endpoint) {
        int port = endpoint.getPort();
        boolean tls = "https".equalsIgnoreCase(endpoint.getScheme());
        return endpoint.getHost() + (port < 0 || port == (tls ? 443 : 80) ? "" : ":" + port);
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static String sha256Hex(String data) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
