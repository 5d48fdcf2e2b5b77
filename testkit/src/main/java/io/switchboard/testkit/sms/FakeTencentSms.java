package io.switchboard.testkit.sms;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tencent Cloud SMS on loopback: {@code POST /} with {@code X-TC-Action: SendSms},
 * {@code X-TC-Version: 2021-01-11}, a JSON body and an {@code Authorization} of TC3-HMAC-SHA256, checked
 * like the real service: the credential's date and service {@code sms}, the signed headers as received
 * (at least {@code content-type} and {@code host}), the body's hash, the timestamp within 5 minutes.
 * Answers {@code {"Response":{"SendStatusSet":[{"Code":"Ok",...}],"RequestId"}}} or
 * {@code {"Response":{"Error":{"Code":"AuthFailure.SignatureFailure",...}}}} and friends.
 */
public final class FakeTencentSms extends FakeSmsServer {
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "TC3-HMAC-SHA256 Credential=([^/]+)/(\\d{4}-\\d{2}-\\d{2})/([a-z]+)/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})");

    private final String secretId;
    private final String secretKey;
    private final String sdkAppId;

    private FakeTencentSms(String secretId, String secretKey, String sdkAppId) {
        this.secretId = secretId;
        this.secretKey = secretKey;
        this.sdkAppId = sdkAppId;
    }

    public static FakeTencentSms start(String secretId, String secretKey, String sdkAppId) {
        FakeTencentSms fake = new FakeTencentSms(secretId, secretKey, sdkAppId);
        fake.listen("Tencent Cloud SMS");
        return fake;
    }

    @Override
    void handle(HttpServerRequest request, Buffer body) {
        String requestId = UUID.randomUUID().toString();
        String authorization = request.getHeader("Authorization");
        Matcher auth = authorization == null ? null : AUTHORIZATION.matcher(authorization);
        if (auth == null || !auth.matches()) {
            error(request, requestId, "AuthFailure.InvalidAuthorization", "Authorization is not TC3-HMAC-SHA256.");
            return;
        }
        if (!auth.group(1).equals(secretId)) {
            error(request, requestId, "AuthFailure.SecretIdNotFound", "The SecretId is not found.");
            return;
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(request.getHeader("X-TC-Timestamp"));
        } catch (RuntimeException e) {
            error(request, requestId, "MissingParameter", "The request is missing X-TC-Timestamp.");
            return;
        }
        if (Math.abs(Instant.now().getEpochSecond() - timestamp) > 300) {
            error(request, requestId, "AuthFailure.SignatureExpire", "The signature expired.");
            return;
        }
        String date = LocalDate.ofInstant(Instant.ofEpochSecond(timestamp), ZoneOffset.UTC)
                .toString();
        List<String> signed = List.of(auth.group(4).split(";"));
        if (!auth.group(2).equals(date)
                || !auth.group(3).equals("sms")
                || !signed.contains("content-type")
                || !signed.contains("host")) {
            error(
                    request,
                    requestId,
                    "AuthFailure.SignatureFailure",
                    "The credential scope or signed headers are wrong.");
            return;
        }
        StringBuilder canonicalHeaders = new StringBuilder();
        for (String name : signed) {
            String value = request.getHeader(name);
            canonicalHeaders
                    .append(name)
                    .append(':')
                    .append(value == null ? "" : value.strip().toLowerCase(Locale.ROOT))
                    .append('\n');
        }
        String path = request.path() == null || request.path().isEmpty() ? "/" : request.path();
        String query = request.query() == null ? "" : request.query();
        String canonicalRequest = request.method().name() + "\n" + path + "\n" + query + "\n" + canonicalHeaders + "\n"
                + auth.group(4) + "\n" + hex(sha256(body.getBytes()));
        String scope = date + "/sms/tc3_request";
        String toSign = "TC3-HMAC-SHA256\n" + timestamp + "\n" + scope + "\n"
                + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("TC3" + secretKey).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, "sms");
        key = hmac(key, "tc3_request");
        if (!MessageDigest.isEqual(
                hex(hmac(key, toSign)).getBytes(StandardCharsets.US_ASCII),
                auth.group(5).getBytes(StandardCharsets.US_ASCII))) {
            error(
                    request,
                    requestId,
                    "AuthFailure.SignatureFailure",
                    "The provided credentials could not be validated.");
            return;
        }
        if (!"SendSms".equals(request.getHeader("X-TC-Action"))
                || !"2021-01-11".equals(request.getHeader("X-TC-Version"))) {
            error(request, requestId, "InvalidAction", "The action or version is not supported.");
            return;
        }
        JsonObject send;
        try {
            send = body.toJsonObject();
        } catch (RuntimeException e) {
            error(request, requestId, "InvalidParameter", "The body is not JSON.");
            return;
        }
        if (!sdkAppId.equals(send.getString("SmsSdkAppId"))) {
            error(request, requestId, "InvalidParameterValue.SdkAppIdNotExist", "The SdkAppId does not exist.");
            return;
        }
        JsonArray phones = send.getJsonArray("PhoneNumberSet", new JsonArray());
        if (phones.isEmpty() || send.getString("TemplateId") == null || send.getString("SignName") == null) {
            error(request, requestId, "MissingParameter", "PhoneNumberSet, TemplateId and SignName are required.");
            return;
        }
        if (failure() != null) {
            error(request, requestId, failure(), "fake failure");
            return;
        }
        JsonArray statuses = new JsonArray();
        List<String> params = send.getJsonArray("TemplateParamSet", new JsonArray()).stream()
                .map(String::valueOf)
                .toList();
        for (Object phone : phones) {
            accepted(new SmsMessage(
                    String.valueOf(phone), send.getString("SignName"), send.getString("TemplateId"), params));
            statuses.add(new JsonObject()
                    .put("SerialNo", UUID.randomUUID().toString())
                    .put("PhoneNumber", phone)
                    .put("Fee", 1)
                    .put("SessionContext", "")
                    .put("Code", "Ok")
                    .put("Message", "send success")
                    .put("IsoCode", "CN"));
        }
        answer(request, new JsonObject().put("SendStatusSet", statuses).put("RequestId", requestId));
    }

    private void error(HttpServerRequest request, String requestId, String code, String message) {
        if (code.startsWith("AuthFailure") || code.startsWith("Missing")) {
            countRefused();
        }
        answer(
                request,
                new JsonObject()
                        .put("Error", new JsonObject().put("Code", code).put("Message", message))
                        .put("RequestId", requestId));
    }

    private static void answer(HttpServerRequest request, JsonObject response) {
        // The service answers HTTP 200 with the error inside the body.
        request.response()
                .putHeader("content-type", "application/json")
                .end(new JsonObject().put("Response", response).encode());
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
