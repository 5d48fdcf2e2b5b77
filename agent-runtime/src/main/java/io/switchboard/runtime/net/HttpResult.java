package io.switchboard.runtime.net;

import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A response, after redirects.
 *
 * @param status final status code
 * @param finalUri the URI that produced it (differs from the requested one after redirects)
 * @param headers header names in lower case
 * @param body the body, at most the policy's size cap
 */
public record HttpResult(int status, URI finalUri, Map<String, List<String>> headers, byte[] body) {
    private static final Pattern CHARSET = Pattern.compile("charset=\"?([A-Za-z0-9._-]+)");

    public HttpResult {
        headers = Map.copyOf(headers);
    }

    /** First value of a header (any case), or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The media type without parameters, lower case, or empty. */
    public String mediaType() {
        String type = header("content-type");
        if (type == null) {
            return "";
        }
        int semicolon = type.indexOf(';');
        return (semicolon < 0 ? type : type.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    /** The body decoded with the declared charset, UTF-8 when none or unknown. */
    public String text() {
        Charset charset = StandardCharsets.UTF_8;
        String type = header("content-type");
        if (type != null) {
            Matcher matcher = CHARSET.matcher(type);
            if (matcher.find()) {
                try {
                    charset = Charset.forName(matcher.group(1));
                } catch (RuntimeException e) {
                    charset = StandardCharsets.UTF_8;
                }
            }
        }
        return new String(body, charset);
    }

    public boolean successful() {
        return status >= 200 && status < 300;
    }
}
