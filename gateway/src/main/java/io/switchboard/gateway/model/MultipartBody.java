package io.switchboard.gateway.model;

import dev.langchain4j.http.client.FormDataFile;
import dev.langchain4j.http.client.HttpRequest;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/** A {@code multipart/form-data} body (RFC 7578) of a LangChain4j request: audio transcription uploads. */
record MultipartBody(String contentType, Buffer body) {
    static MultipartBody of(HttpRequest request) {
        String boundary = "switchboard-" + UUID.randomUUID();
        Buffer body = Buffer.buffer();
        for (Map.Entry<String, String> field : request.formDataFields().entrySet()) {
            body.appendString("--" + boundary + "\r\n" + "Content-Disposition: form-data; name=\""
                    + quoted(field.getKey()) + "\"\r\n\r\n");
            body.appendString(field.getValue() == null ? "" : field.getValue(), StandardCharsets.UTF_8.name());
            body.appendString("\r\n");
        }
        for (Map.Entry<String, FormDataFile> file : request.formDataFiles().entrySet()) {
            FormDataFile value = file.getValue();
            String type = value.contentType() == null ? "application/octet-stream" : value.contentType();
            body.appendString("--" + boundary + "\r\n"
                    + "Content-Disposition: form-data; name=\"" + quoted(file.getKey()) + "\"; filename=\""
                    + quoted(value.fileName() == null ? "file" : value.fileName()) + "\"\r\n"
                    + "Content-Type: " + type + "\r\n\r\n");
            body.appendBytes(value.content());
            body.appendString("\r\n");
        }
        body.appendString("--" + boundary + "--\r\n");
        return new MultipartBody("multipart/form-data; boundary=" + boundary, body);
    }

    /** Names and file names go inside quotes: a quote or line break in them must not end the header. */
    private static String quoted(String value) {
        return value.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
    }
}
