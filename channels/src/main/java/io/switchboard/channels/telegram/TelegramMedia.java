package io.switchboard.channels.telegram;

import io.switchboard.channels.spi.AppProfile;
import io.switchboard.channels.spi.InboundMessage;
import io.switchboard.channels.spi.MediaLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.GetFile;
import org.telegram.telegrambots.meta.api.objects.File;

/**
 * Decides what a photo or voice note becomes: the binding's configured reply when the app does not take
 * it, a polite refusal when it is over the {@link MediaLimits}, else the file fetched with
 * {@code getFile} and a download from the Bot API's file URL. The declared size is checked before
 * anything is downloaded, and the download itself stops one byte past the limit. Blocking: virtual
 * threads only.
 */
final class TelegramMedia {
    private static final Logger LOG = LoggerFactory.getLogger(TelegramMedia.class);
    static final String NOT_DOWNLOADED =
            "Sorry, I could not fetch that file from Telegram. Please try again. 抱歉，无法获取该文件，请重试。";

    private final String bindingId;
    private final BotClient client;
    private final MediaLimits limits;

    TelegramMedia(String bindingId, BotClient client, MediaLimits limits) {
        this.bindingId = bindingId;
        this.client = client;
        this.limits = limits;
    }

    /** A text to send back, or an attachment for a turn. */
    sealed interface Result {
        record Reply(String text) implements Result {}

        record Attached(InboundMessage.Attachment attachment) implements Result {}
    }

    /** @param profile the app's profile, or null when it is unknown or unpublished */
    Result fetch(ChatJob.Media media, AppProfile profile) {
        ChatJob.MediaFile file = media.file();
        if (file == null || profile == null || !accepts(profile, file.kind())) {
            return new Result.Reply(media.reply());
        }
        long max = limits.max(file.kind());
        if (file.declaredSize() != null && file.declaredSize() > max) {
            return new Result.Reply(MediaLimits.tooLarge(file.kind()));
        }
        try {
            File info = client.call(
                    "getFile",
                    c -> c.execute(GetFile.builder().fileId(file.fileId()).build()));
            if (info.getFileSize() != null && info.getFileSize() > max) {
                return new Result.Reply(MediaLimits.tooLarge(file.kind()));
            }
            if (info.getFilePath() == null || info.getFilePath().isBlank()) {
                return new Result.Reply(NOT_DOWNLOADED);
            }
            byte[] data = client.download(info.getFilePath(), max);
            if (data == null) {
                return new Result.Reply(MediaLimits.tooLarge(file.kind()));
            }
            if (data.length == 0) {
                return new Result.Reply(NOT_DOWNLOADED);
            }
            return new Result.Attached(new InboundMessage.Attachment(file.kind(), file.mimeType(), data));
        } catch (BotApiException e) {
            LOG.info("telegram binding {}: {} not downloaded: {}", bindingId, file.kind(), e.getMessage());
            return new Result.Reply(NOT_DOWNLOADED);
        }
    }

    private static boolean accepts(AppProfile profile, InboundMessage.Attachment.Kind kind) {
        return kind == InboundMessage.Attachment.Kind.IMAGE ? profile.acceptsImages() : profile.acceptsVoice();
    }
}
