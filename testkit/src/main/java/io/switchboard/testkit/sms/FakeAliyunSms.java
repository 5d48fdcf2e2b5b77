package io.switchboard.testkit.sms;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Alibaba Cloud SMS on loopback: {@code SendSms} of Dysmsapi 2017-05-25 as an RPC call (query string or
 * form body), checked like the real service: every common parameter present, {@code SignatureVersion 1.0}
 * with HMAC-SHA1 over {@code METHOD&%2F&} + the encoded sorted parameters keyed with secret + {@code &},
 * the timestamp within 15 minutes, each {@code SignatureNonce} used once. Answers {@code {"Code":"OK",...}}
 * or the service's error codes ({@code SignatureDoesNotMatch}, {@code SignatureNonceUsed},
 * {@code InvalidTimeStamp.Expired}, {@code InvalidAccessKeyId.NotFound}, {@code MissingParameter}).
 */
public final class FakeAliyunSms extends FakeSmsServer {
    private static final List<String> REQUIRED = List.of(
            "AccessKeyId",
            "Action",
            "Format",
            "PhoneNumbers",
            "SignName",
            "SignatureMethod",
            "SignatureNonce",
            "SignatureVersion",
            "TemplateCode",
            "Timestamp",
            "Version",
            "Signature");

    private final String accessKeyId;
    private final String accessKeySecret;
    private final Set<String> nonces = ConcurrentHashMap.newKeySet();

    private FakeAliyunSms(String accessKeyId, String accessKeySecret) {
        this.accessKeyId = accessKeyId;
        this.accessKeySecret = accessKeySecret;
    }

    public static FakeAliyunSms start(String accessKeyId, String accessKeySecret) {
        FakeAliyunSms fake = new FakeAliyunSms(accessKeyId, accessKeySecret);
        fake.listen("Alibaba Cloud SMS");
        return fake;
    }

    @Override
    void handle(HttpServerRequest request, Buffer body) {
        Map<String, String> params = new TreeMap<>();
        decode(request.query(), params);
        if (request.method().name().equals("POST")) {
            decode(body.toString(StandardCharsets.UTF_8), params);
        }
        for (String name : REQUIRED) {
            if (!params.containsKey(name)) {
                refuse(request, 400, "MissingParameter", name + " is mandatory for this action.");
                return;
            }
        }
        if (!params.get("AccessKeyId").equals(accessKeyId)) {
            refuse(request, 404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");
            return;
        }
        if (!params.get("SignatureMethod").equals("HMAC-SHA1")
                || !params.get("SignatureVersion").equals("1.0")) {
            refuse(request, 400, "InvalidSignatureMethod", "Specified signature method is not valid.");
            return;
        }
        String expected = sign(request.method().name(), params);
        if (!expected.equals(params.get("Signature"))) {
            refuse(request, 400, "SignatureDoesNotMatch", "Specified signature does not match our calculation.");
            return;
        }
        Instant timestamp;
        try {
            timestamp = Instant.parse(params.get("Timestamp"));
        } catch (RuntimeException e) {
            refuse(request, 400, "InvalidTimeStamp.Format", "Specified time stamp is not valid.");
            return;
        }
        if (Duration.between(timestamp, Instant.now()).abs().compareTo(Duration.ofMinutes(15)) > 0) {
            refuse(request, 400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.");
            return;
        }
        if (!nonces.add(params.get("SignatureNonce"))) {
            refuse(request, 400, "SignatureNonceUsed", "Specified signature nonce was used already.");
            return;
        }
        if (!params.get("Action").equals("SendSms") || !params.get("Version").equals("2017-05-25")) {
            refuse(request, 400, "InvalidAction.NotFound", "Specified api is not found.");
            return;
        }
        String requestId = UUID.randomUUID().toString();
        if (failure() != null) {
            answer(
                    request,
                    200,
                    new JsonObject()
                            .put("Code", failure())
                            .put("Message", "fake failure")
                            .put("RequestId", requestId));
            return;
        }
        JsonObject template = new JsonObject(params.getOrDefault("TemplateParam", "{}"));
        accepted(new SmsMessage(
                params.get("PhoneNumbers"),
                params.get("SignName"),
                params.get("TemplateCode"),
                template.fieldNames().stream().sorted().map(template::getString).toList()));
        answer(
                request,
                200,
                new JsonObject()
                        .put("Code", "OK")
                        .put("Message", "OK")
                        .put("BizId", Long.toString(System.nanoTime()) + "^0")
                        .put("RequestId", requestId));
    }

    private String sign(String method, Map<String, String> params) {
        StringBuilder canonical = new StringBuilder();
        params.forEach((name, value) -> {
            if (!name.equals("Signature")) {
                canonical
                        .append(canonical.isEmpty() ? "" : "&")
                        .append(encode(name))
                        .append('=')
                        .append(encode(value));
            }
        });
        String toSign = method + "&" + encode("/") + "&" + encode(canonical.toString());
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec((accessKeySecret + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-_.~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static void decode(String form, Map<String, String> into) {
        if (form == null || form.isEmpty()) {
            return;
        }
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            into.put(name, value);
        }
    }

    private void refuse(HttpServerRequest request, int status, String code, String message) {
        countRefused();
        answer(
                request,
                status,
                new JsonObject()
                        .put("Code", code)
                        .put("Message", message)
                        .put("RequestId", UUID.randomUUID().toString()));
    }

    private static void answer(HttpServerRequest request, int status, JsonObject body) {
        request.response()
                .setStatusCode(status)
                .putHeader("content-type", "application/json;charset=utf-8")
                .end(body.encode());
    }
}
