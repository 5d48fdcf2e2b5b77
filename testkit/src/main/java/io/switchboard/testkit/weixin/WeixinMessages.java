package io.switchboard.testkit.weixin;

/** Plaintext callback bodies as the platform sends them, for a user {@code from} to account {@code to}. */
public final class WeixinMessages {
    private WeixinMessages() {}

    public static String text(String to, String from, long createTime, long msgId, String content) {
        return head(to, from, createTime, "text") + tag("Content", content) + "<MsgId>" + msgId + "</MsgId></xml>";
    }

    /** A voice message; {@code recognition} is the platform's speech-to-text, or null when disabled. */
    public static String voice(String to, String from, long createTime, long msgId, String recognition) {
        return head(to, from, createTime, "voice") + tag("MediaId", "media-" + msgId) + tag("Format", "amr")
                + (recognition == null ? "" : tag("Recognition", recognition))
                + "<MsgId>" + msgId + "</MsgId></xml>";
    }

    public static String image(String to, String from, long createTime, long msgId) {
        return head(to, from, createTime, "image") + tag("PicUrl", "http://127.0.0.1/pic/" + msgId)
                + tag("MediaId", "media-" + msgId) + "<MsgId>" + msgId + "</MsgId></xml>";
    }

    public static String event(String to, String from, long createTime, String event, String eventKey) {
        return head(to, from, createTime, "event") + tag("Event", event)
                + (eventKey == null ? "" : tag("EventKey", eventKey)) + "</xml>";
    }

    /** A WeCom app message: like the official account's, plus the app's AgentID. */
    public static String wecomText(
            String corpId, String from, long createTime, long msgId, int agentId, String content) {
        return head(corpId, from, createTime, "text") + tag("Content", content) + "<MsgId>" + msgId + "</MsgId>"
                + "<AgentID>" + agentId + "</AgentID></xml>";
    }

    public static String wecomEvent(String corpId, String from, long createTime, int agentId, String event) {
        return head(corpId, from, createTime, "event") + tag("Event", event) + "<AgentID>" + agentId
                + "</AgentID></xml>";
    }

    private static String head(String to, String from, long createTime, String type) {
        return "<xml>" + tag("ToUserName", to) + tag("FromUserName", from) + "<CreateTime>" + createTime
                + "</CreateTime>" + tag("MsgType", type);
    }

    static String tag(String name, String value) {
        return "<" + name + "><![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]></" + name + ">";
    }

    /** The text of the first {@code <name>} element (CDATA or not), or null. Good enough for a fake. */
    static String value(String xml, String name) {
        int start = xml.indexOf("<" + name + ">");
        int end = xml.indexOf("</" + name + ">");
        if (start < 0 || end < start) {
            return null;
        }
        String raw = xml.substring(start + name.length() + 2, end);
        return raw.replace("]]]]><![CDATA[>", "]]>").replace("<![CDATA[", "").replace("]]>", "");
    }
}
