package io.switchboard.channels.wechat;

import io.switchboard.channels.spi.InboundMessage;
import io.vertx.ext.web.handler.HttpException;
import java.util.Locale;
import me.chanjar.weixin.mp.bean.message.WxMpXmlMessage;

/**
 * What an official-account callback asks of us, decided from WxJava's message bean (which stays in
 * this package).
 *
 * @param user the user's OpenID
 * @param account the account's original id ({@code gh_...}), the sender of a passive reply
 * @param dedupeId MsgId for messages; FromUserName + CreateTime + Event for events
 * @param text the question for a turn; null for {@link Kind#FIXED} and {@link Kind#MEDIA}
 * @param event true when it came from an event (its customer-service allowance is 3, not 5)
 * @param media the photo or untranscribed voice message of a {@link Kind#MEDIA} message, else null
 */
record MpInbound(Kind kind, String user, String account, String dedupeId, String text, boolean event, Media media) {
    /**
     * A file the platform keeps for us under {@code mediaId}.
     *
     * @param mimeType what the file is expected to be (the download's own type wins for images)
     */
    record Media(InboundMessage.Attachment.Kind kind, String mediaId, String mimeType) {}

    enum Kind {
        /** Run a turn with {@code text}. */
        TURN,
        /** Show the app's opening statement and suggested questions. */
        WELCOME,
        /** Answer at once with the binding's reply for unsupported messages. */
        FIXED,
        /** Nothing to say: answer {@code success}. */
        NOTHING,
        /**
         * A photo, or a voice message without the platform's recognition: a turn with the file when the
         * app takes it, else the binding's reply for unsupported messages.
         */
        MEDIA
    }

    static MpInbound from(String xml, MpSettings settings) {
        WxMpXmlMessage message;
        try {
            message = WxMpXmlMessage.fromXml(xml);
        } catch (RuntimeException e) {
            throw new HttpException(400, "the message XML does not match the official-account format");
        }
        String user = message.getFromUser();
        String account = message.getToUser();
        String type = message.getMsgType() == null ? "" : message.getMsgType().toLowerCase(Locale.ROOT);
        if (user == null || user.isBlank() || account == null || account.isBlank() || type.isEmpty()) {
            throw new HttpException(400, "the message lacks FromUserName, ToUserName or MsgType");
        }
        if (type.equals("event")) {
            return event(message, settings, user, account);
        }
        if (message.getMsgId() == null) {
            throw new HttpException(400, "a " + type + " message must carry a MsgId");
        }
        String id = "m" + message.getMsgId();
        return switch (type) {
            case "text" ->
                blank(message.getContent())
                        ? new MpInbound(Kind.NOTHING, user, account, id, "", false, null)
                        : new MpInbound(Kind.TURN, user, account, id, message.getContent(), false, null);
            case "voice" ->
                blank(message.getRecognition())
                        ? media(
                                user,
                                account,
                                id,
                                settings,
                                InboundMessage.Attachment.Kind.AUDIO,
                                message,
                                audioType(message))
                        : new MpInbound(Kind.TURN, user, account, id, message.getRecognition(), false, null);
            case "image" ->
                media(user, account, id, settings, InboundMessage.Attachment.Kind.IMAGE, message, "image/jpeg");
            default -> new MpInbound(Kind.FIXED, user, account, id, null, false, null);
        };
    }

    private static MpInbound media(
            String user,
            String account,
            String id,
            MpSettings settings,
            InboundMessage.Attachment.Kind kind,
            WxMpXmlMessage message,
            String mimeType) {
        if (blank(message.getMediaId())) {
            return new MpInbound(Kind.FIXED, user, account, id, null, false, null);
        }
        return new MpInbound(
                Kind.MEDIA, user, account, id, null, false, new Media(kind, message.getMediaId(), mimeType));
    }

    /** Voice messages come as AMR or Speex ({@code Format}). */
    private static String audioType(WxMpXmlMessage message) {
        String format =
                message.getFormat() == null ? "amr" : message.getFormat().toLowerCase(Locale.ROOT);
        return "audio/" + (format.isBlank() ? "amr" : format);
    }

    private static MpInbound event(WxMpXmlMessage message, MpSettings settings, String user, String account) {
        if (message.getCreateTime() == null || message.getEvent() == null) {
            throw new HttpException(400, "an event must carry CreateTime and Event");
        }
        String event = message.getEvent();
        String id = "e" + user + ":" + message.getCreateTime() + ":" + event;
        return switch (event.toLowerCase(Locale.ROOT)) {
            case "subscribe" -> new MpInbound(Kind.WELCOME, user, account, id, "", true, null);
            case "click" -> {
                String question = message.getEventKey() == null
                        ? null
                        : settings.clickQuestions().get(message.getEventKey());
                yield question == null
                        ? new MpInbound(Kind.NOTHING, user, account, id, "", true, null)
                        : new MpInbound(Kind.TURN, user, account, id, question, true, null);
            }
            default -> new MpInbound(Kind.NOTHING, user, account, id, "", true, null);
        };
    }

    /** Loads and initialises the SDK's XML binding. */
    static void warmUp() {
        String xml = "<xml><ToUserName><![CDATA[gh_0]]></ToUserName><FromUserName><![CDATA[o0]]></FromUserName>"
                + "<CreateTime>1</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[hi]]></Content>"
                + "<MsgId>1</MsgId></xml>";
        WxMpXmlMessage.fromXml(xml);
        me.chanjar.weixin.mp.bean.message.WxMpXmlOutMessage.TEXT()
                .content("hi")
                .fromUser("gh_0")
                .toUser("o0")
                .build()
                .toXml();
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
