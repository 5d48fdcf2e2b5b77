package io.switchboard.channels.wecom;

import io.vertx.ext.web.handler.HttpException;
import java.util.Locale;
import me.chanjar.weixin.cp.bean.message.WxCpXmlMessage;

/**
 * What a WeCom callback asks of us, decided from WxJava's bean (which stays in this package).
 *
 * @param dedupeId MsgId for messages, FromUserName + CreateTime + Event for events
 * @param text the question, or {@link #UNSUPPORTED} for a message we cannot read (answered in the app's
 *     language); null when there is nothing to answer
 */
record CpInbound(String user, String dedupeId, String text, boolean turn) {
    /** The Chinese form of {@link #UNSUPPORTED_TEXT}: what {@code text} holds (and in-flight records keep). */
    static final String UNSUPPORTED = "抱歉，我目前只能理解文字消息，请用文字提问。";

    static final io.switchboard.channels.spi.FixedTexts.Text UNSUPPORTED_TEXT =
            new io.switchboard.channels.spi.FixedTexts.Text(
                    "Sorry, I can only understand text messages. Please ask in words.", UNSUPPORTED);

    static CpInbound from(String xml, int agentId) {
        WxCpXmlMessage message;
        try {
            message = WxCpXmlMessage.fromXml(xml, Integer.toString(agentId));
        } catch (RuntimeException e) {
            throw new HttpException(400, "the message XML does not match the WeCom format");
        }
        String user = message.getFromUserName();
        String type = message.getMsgType() == null ? "" : message.getMsgType().toLowerCase(Locale.ROOT);
        if (user == null || user.isBlank() || type.isEmpty()) {
            throw new HttpException(400, "the message lacks FromUserName or MsgType");
        }
        if (message.getAgentId() != null && !message.getAgentId().equals(Integer.toString(agentId))) {
            throw new HttpException(403, "the message is for another AgentID than this binding's");
        }
        if (type.equals("event")) {
            if (message.getCreateTime() == null) {
                throw new HttpException(400, "an event must carry CreateTime");
            }
            return new CpInbound(
                    user, "e" + user + ":" + message.getCreateTime() + ":" + message.getEvent(), null, false);
        }
        if (message.getMsgId() == null) {
            throw new HttpException(400, "a " + type + " message must carry a MsgId");
        }
        String id = "m" + message.getMsgId();
        return switch (type) {
            case "text" ->
                blank(message.getContent())
                        ? new CpInbound(user, id, null, false)
                        : new CpInbound(user, id, message.getContent(), true);
            case "voice" ->
                blank(message.getRecognition())
                        ? new CpInbound(user, id, UNSUPPORTED, false)
                        : new CpInbound(user, id, message.getRecognition(), true);
            default -> new CpInbound(user, id, UNSUPPORTED, false);
        };
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
