package io.switchboard.channels.telegram;

import java.net.URI;
import okhttp3.OkHttpClient;
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

    BotClient(OkHttpClient http, String token, String apiBaseUrl) {
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
}
