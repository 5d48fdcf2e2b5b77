package io.switchboard.testkit;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Reads a {@code multipart/form-data} body into a JSON object for the request log: each text field
 * as a string, each file as {@code {filename, contentType, size, base64}}. Strict enough for tests:
 * a body without its boundary or a part without a name is refused.
 */
final class MultipartForm {
    private MultipartForm() {}

    /** The boundary of a multipart content type, or null when it is not one. */
    static String boundary(String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            return null;
        }
        for (String parameter : contentType.split(";")) {
            String trimmed = parameter.trim();
            if (trimmed.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                return trimmed.substring("boundary=".length()).replace("\"", "");
            }
        }
        return null;
    }

    /** @throws IllegalArgumentException when the body is not a well-formed form with this boundary */
    static JsonObject parse(Buffer body, String boundary) {
        byte[] bytes = body.getBytes();
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        JsonObject form = new JsonObject();
        int at = indexOf(bytes, delimiter, 0);
        if (at < 0) {
            throw new IllegalArgumentException("multipart body without its boundary");
        }
        while (true) {
            int partStart = at + delimiter.length;
            if (partStart + 1 < bytes.length && bytes[partStart] == '-' && bytes[partStart + 1] == '-') {
                return form; // closing delimiter
            }
            partStart += 2; // CRLF after the delimiter
            int next = indexOf(bytes, delimiter, partStart);
            int headersEnd = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), partStart);
            if (next < 0 || headersEnd < 0 || headersEnd > next) {
                throw new IllegalArgumentException("multipart part without headers or end");
            }
            String headers = new String(bytes, partStart, headersEnd - partStart, StandardCharsets.UTF_8);
            byte[] content = java.util.Arrays.copyOfRange(bytes, headersEnd + 4, next - 2); // CRLF before delimiter
            addPart(form, headers, content);
            at = next;
        }
    }

    private static void addPart(JsonObject form, String headers, byte[] content) {
        String name = null;
        String filename = null;
        String type = "text/plain";
        for (String line : headers.split("\r\n")) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-disposition:")) {
                name = attribute(line, "name");
                filename = attribute(line, "filename");
            } else if (lower.startsWith("content-type:")) {
                type = line.substring("content-type:".length()).trim();
            }
        }
        if (name == null) {
            throw new IllegalArgumentException("multipart part without a name");
        }
        if (filename == null) {
            form.put(name, new String(content, StandardCharsets.UTF_8));
        } else {
            form.put(
                    name,
                    new JsonObject()
                            .put("filename", filename)
                            .put("contentType", type)
                            .put("size", content.length)
                            .put("base64", Base64.getEncoder().encodeToString(content)));
        }
    }

    private static String attribute(String header, String attribute) {
        for (String piece : header.split(";")) {
            String trimmed = piece.trim();
            if (trimmed.startsWith(attribute + "=")) {
                return trimmed.substring(attribute.length() + 1).replace("\"", "");
            }
        }
        return null;
    }

    private static int indexOf(byte[] bytes, byte[] pattern, int from) {
        outer:
        for (int i = Math.max(0, from); i <= bytes.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (bytes[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
