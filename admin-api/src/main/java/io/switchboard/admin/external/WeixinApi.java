package io.switchboard.admin.external;

import io.switchboard.runtime.net.FetchException;
import io.switchboard.runtime.net.HttpCall;
import io.switchboard.runtime.net.HttpResult;
import io.switchboard.runtime.net.SafeHttpClient;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/** GETs of the WeChat and WeCom JSON APIs: {@code errcode} other than 0 is a refusal. */
final class WeixinApi {
    private final SafeHttpClient http;
    private final String who;

    WeixinApi(SafeHttpClient http, String who) {
        this.http = http;
        this.who = who;
    }

    JsonObject get(URI base, String path, Map<String, String> query) {
        String encoded = query.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        URI uri = URI.create(base.toString().replaceAll("/+$", "") + path + "?" + encoded);
        HttpResult result;
        try {
            result = http.send(new HttpCall("GET", uri, Map.of("Accept", "application/json"), null));
        } catch (FetchException e) {
            throw new IdentityProviderException(who + ": " + e.getMessage());
        }
        JsonObject answer;
        try {
            answer = new JsonObject(result.text());
        } catch (DecodeException | ClassCastException e) {
            throw new IdentityProviderException(
                    who + ": " + path + " answered HTTP " + result.status() + " without JSON");
        }
        int errcode = answer.getInteger("errcode", 0);
        if (errcode == 40029 || errcode == 40163) {
            // The code from the browser is wrong or was used already.
            throw IdentityProviderException.refusedLogin(
                    who + ": " + path + " refused the code: errcode " + errcode + " " + answer.getString("errmsg", ""));
        }
        if (errcode != 0) {
            throw new IdentityProviderException(
                    who + ": " + path + " refused: errcode " + errcode + " " + answer.getString("errmsg", ""));
        }
        return answer;
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
