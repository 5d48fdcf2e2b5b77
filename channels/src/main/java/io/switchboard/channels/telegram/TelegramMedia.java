package io.switchboard.channels.telegram;

import io.switchboard.channels.spi.AppProfile;
import io.switchboard.channels.spi.FixedTexts;
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
    static final FixedTexts.Text NOT_DOWNLOADED_TEXT = new FixedTexts.Text(
            "Sorry, I could not fetch that file from Telegram. Please try again.", "抱歉，无法获取该文件，请重试。");
    static final String NOT_DOWNLOADED = NOT_DOWNLOADED_TEXT.both();

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
        String language = profile == null ? null : profile.replyLanguage();
        if (file == null || profile == null || !accepts(profile, file.kind())) {
            return new Result.Reply(media.reply(language));
        }
        String tooLarge = FixedTexts.pick(
                language,
                media.caption(),
                MediaLimits.tooLargeText(file.kind()).english(),
                MediaLimits.tooLargeText(file.kind()).chinese(),
                MediaLimits.tooLarge(file.kind()));
        String notDownloaded = NOT_DOWNLOADED_TEXT.in(language, media.caption(), NOT_DOWNLOADED);
        long max = limits.max(file.kind());
        if (file.declaredSize() != null && file.declaredSize() > max) {
            return new Result.Reply(tooLarge);
        }
        try {
            File info = client.call(
                    "getFile",
                    c -> c.execute(GetFile.builder().fileId(file.fileId()).build()));
            if (info.getFileSize() != null && info.getFileSize() > max) {
                return new Result.Reply(tooLarge);
            }
            if (info.getFilePath() == null || info.getFilePath().isBlank()) {
                return new Result.Reply(notDownloaded);
            }
            byte[] data = client.download(info.getFilePath(), max);
            if (data == null) {
                return new Result.Reply(tooLarge);
            }
            if (data.length == 0) {
                return new Result.Reply(notDownloaded);
            }
            return new Result.Attached(new InboundMessage.Attachment(file.kind(), file.mimeType(), data));
        } catch (BotApiException e) {
            LOG.info("telegram binding {}: {} not downloaded: {}", bindingId, file.kind(), e.getMessage());
            return new Result.Reply(notDownloaded);
        }
    }

    private static boolean accepts(AppProfile profile, InboundMessage.Attachment.Kind kind) {
        return kind == InboundMessage.Attachment.Kind.IMAGE ? profile.acceptsImages() : profile.acceptsVoice();
    }
}
