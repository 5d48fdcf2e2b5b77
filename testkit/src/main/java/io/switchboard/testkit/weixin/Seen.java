package io.switchboard.testkit.weixin;

/**
 * One thing a user saw in the chat.
 *
 * @param via {@code passive} (the callback's reply), {@code custom} (customer-service API),
 *     {@code app} (WeCom message/send) or {@code error} (the platform's "cannot serve" notice)
 */
public record Seen(String user, String via, String msgType, String text) {
    public static final String CANNOT_SERVE = "该公众号暂时无法提供服务，请稍后再试";
}
