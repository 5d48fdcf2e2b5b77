package io.switchboard.channels.wechat;

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
 * @param text the question for a turn, or the fixed reply
 * @param event true when it came from an event (its customer-service allowance is 3, not 5)
 */
record MpInbound(Kind kind, String user, String account, String dedupeId, String text, boolean event) {
    enum Kind {
        /** Run a turn with {@code text}. */
        TURN,
        /** Show the app's opening statement and suggested questions. */
        WELCOME,
        /** Answer {@code text} at once. */
        FIXED,
        /** Nothing to say: answer {@code success}. */
        NOTHING
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
                        ? new MpInbound(Kind.NOTHING, user, account, id, "", false)
                        : new MpInbound(Kind.TURN, user, account, id, message.getContent(), false);
            case "voice" ->
                blank(message.getRecognition())
                        ? new MpInbound(Kind.FIXED, user, account, id, settings.unsupportedReply(), false)
                        : new MpInbound(Kind.TURN, user, account, id, message.getRecognition(), false);
            default -> new MpInbound(Kind.FIXED, user, account, id, settings.unsupportedReply(), false);
        };
    }

    private static MpInbound event(WxMpXmlMessage message, MpSettings settings, String user, String account) {
        if (message.getCreateTime() == null || message.getEvent() == null) {
            throw new HttpException(400, "an event must carry CreateTime and Event");
        }
        String event = message.getEvent();
        String id = "e" + user + ":" + message.getCreateTime() + ":" + event;
        return switch (event.toLowerCase(Locale.ROOT)) {
            case "subscribe" -> new MpInbound(Kind.WELCOME, user, account, id, "", true);
            case "click" -> {
                String question = message.getEventKey() == null
                        ? null
                        : settings.clickQuestions().get(message.getEventKey());
                yield question == null
                        ? new MpInbound(Kind.NOTHING, user, account, id, "", true)
                        : new MpInbound(Kind.TURN, user, account, id, question, true);
            }
            default -> new MpInbound(Kind.NOTHING, user, account, id, "", true);
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
