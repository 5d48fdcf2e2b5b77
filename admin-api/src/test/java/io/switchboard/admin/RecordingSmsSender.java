package io.switchboard.admin;

import io.switchboard.admin.sms.SmsException;
import io.switchboard.admin.sms.SmsSender;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An SMS sender that keeps what it sends, for route tests; the adapters are tested against their fakes. */
final class RecordingSmsSender implements SmsSender {
    record Sent(String phone, String code, int ttlMinutes) {}

    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private volatile boolean failing;
    private volatile SmsSender forwardTo;

    @Override
    public void send(String phone, String code, int ttlMinutes) {
        if (failing) {
            throw new SmsException("the provider is down (test)", true);
        }
        SmsSender next = forwardTo;
        if (next != null) {
            next.send(phone, code, ttlMinutes);
        }
        sent.add(new Sent(phone, code, ttlMinutes));
    }

    /** Sends through a real adapter as well (null: only records). */
    void forwardTo(SmsSender sender) {
        this.forwardTo = sender;
    }

    @Override
    public String name() {
        return "recording";
    }

    void failing(boolean failing) {
        this.failing = failing;
    }

    /** The last code sent to {@code phone}. */
    String lastCodeTo(String phone) {
        for (int i = sent.size() - 1; i >= 0; i--) {
            if (sent.get(i).phone().equals(phone)) {
                return sent.get(i).code();
            }
        }
        throw new AssertionError("no SMS was sent to " + phone + "; sent: " + sent.size());
    }

    int count() {
        return sent.size();
    }
}
