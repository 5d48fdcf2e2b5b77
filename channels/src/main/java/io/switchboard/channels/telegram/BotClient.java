package io.switchboard.channels.telegram;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * One bot's Bot API client. Calls block: make them on virtual threads only. Failures come out as
 * {@link BotApiException}.
 */
final class BotClient {
    /** A call against the library's client. */
    @FunctionalInterface
    interface Call<T> {
        T run(TelegramClient client) throws TelegramApiException;
    }

    private final TelegramClient client;
    private final OkHttpClient http;
    private final String fileBaseUrl;

    BotClient(OkHttpClient http, String token, String apiBaseUrl) {
        this.http = http;
        this.fileBaseUrl = apiBaseUrl.replaceAll("/+$", "") + "/file/bot" + token + "/";
        URI uri = URI.create(apiBaseUrl);
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        this.client =
                new OkHttpTelegramClient(http, token, new TelegramUrl(uri.getScheme(), uri.getHost(), port, false));
    }

    <T> T call(String method, Call<T> call) {
        try {
            return call.run(client);
        } catch (TelegramApiException | RuntimeException e) {
            throw BotApiException.from(method, e);
        }
    }

    /**
     * Downloads a file that {@code getFile} announced, reading at most {@code maxBytes}.
     *
     * @return the bytes, or null when the file is larger than {@code maxBytes}
     * @throws BotApiException when the download fails
     */
    byte[] download(String filePath, long maxBytes) {
        Request request =
                new Request.Builder().url(fileBaseUrl + filePath).get().build();
        try (Response response = http.newCall(request).execute()) {
            if (!response.isSuccessful() || response.body() == null) {
                throw BotApiException.from(
                        "file download", new IOException("file download failed with HTTP " + response.code()));
            }
            try (InputStream in = response.body().byteStream()) {
                // One byte past the limit tells "too large" from "exactly the limit".
                byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                return data.length > maxBytes ? null : data;
            }
        } catch (IOException e) {
            // The message of an OkHttp failure names the URL, which holds the token: keep only the type.
            throw BotApiException.from(
                    "file download", new IOException(e.getClass().getSimpleName()));
        }
    }
}
