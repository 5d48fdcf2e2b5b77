package io.switchboard.runtime.turn;

import io.switchboard.runtime.model.ModelFailure;

/** The replies a turn sends without the model, in English and Chinese. */
enum FixedReply {
    FALLBACK("Sorry, I don't know the answer to that yet.", "抱歉，这个问题我暂时无法回答。"),
    MISCONFIGURED("This assistant is not configured correctly. Please contact the administrator.", "助手配置有误，请联系管理员。"),
    FLOW_FAILED("Sorry, something went wrong while answering.", "抱歉，回答时出错了。"),
    MODEL_BUSY("The AI service is busy or unreachable right now. Please try again in a moment.", "AI 服务暂时不可用，请稍后再试。"),
    MODEL_REJECTED("The AI service rejected the request. Please contact the administrator.", "AI 服务拒绝了请求，请联系管理员。"),
    NO_IMAGES("Sorry, I can only read text messages.", "抱歉，我只能阅读文字消息。"),
    NO_VOICE("Sorry, I cannot listen to voice messages; please type your question.", "抱歉，我无法收听语音，请输入文字。"),
    NOTHING_HEARD("Sorry, I could not make out any words in that voice message.", "抱歉，没有听清这条语音。"),
    MODERATED("Sorry, I can't help with that. Let's talk about something else.", "抱歉，这个话题我无法回答，我们聊点别的吧。");

    private final String en;
    private final String zh;

    FixedReply(String en, String zh) {
        this.en = en;
        this.zh = zh;
    }

    String in(Lang lang) {
        return switch (lang) {
            case EN -> en;
            case ZH -> zh;
            case BOTH -> en + " " + zh;
        };
    }

    /** What the user reads when the model call failed after retries. */
    static String modelFailure(ModelFailure failure, Lang lang) {
        return (failure.retriable() ? MODEL_BUSY : MODEL_REJECTED).in(lang);
    }
}
