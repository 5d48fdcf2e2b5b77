package io.switchboard.gateway.approval;

import io.switchboard.gateway.bridge.ChannelRegistry;
import io.switchboard.runtime.security.Secret;
import io.switchboard.runtime.workflow.WorkflowService;
import io.switchboard.threads.VirtualThreads;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * Human-input approvals outside the admin API: a run that pauses at a node with {@code notify} is
 * announced to that staff member through the channel binding (WeCom, Telegram), with signed, expiring
 * links to the approval page at {@code /approvals/{token}} that decides the run.
 */
public final class Approvals implements AutoCloseable {
    private final ApprovalRoutes routes;
    private final VirtualThreads blocking = VirtualThreads.named("approval-page");

    private Approvals(ChannelRegistry channels, WorkflowService workflows, Secret key, Supplier<String> publicUrl) {
        Clock clock = Clock.systemUTC();
        ApprovalLinks links = ApprovalLinks.create(key, clock);
        this.routes = new ApprovalRoutes(links, workflows, blocking);
        workflows.onPause(new PauseNotifier(channels, links, publicUrl, clock));
    }

    /**
     * Announces pauses of {@code workflows} through {@code channels}, with links under {@code publicUrl}
     * signed by a key derived from {@code key} (the secret every member shares).
     */
    public static Approvals create(
            ChannelRegistry channels, WorkflowService workflows, Secret key, Supplier<String> publicUrl) {
        return new Approvals(channels, workflows, key, publicUrl);
    }

    /**
     * A press on a notice's in-chat button: decides as the link's holder, who must be the one
     * pressing. The future holds the text to show them.
     */
    public Future<String> press(String bindingId, String recipient, String url) {
        return blocking.call(() -> routes.press(bindingId, recipient, url));
    }

    /** Adds the approval page's routes. */
    public void mount(Router router) {
        routes.mount(router);
    }

    @Override
    public void close() {
        blocking.close();
    }
}
