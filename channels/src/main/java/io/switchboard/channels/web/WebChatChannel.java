package io.switchboard.channels.web;

import io.switchboard.channels.spi.BindingType;
import io.switchboard.channels.spi.ChannelAdapter;
import io.switchboard.channels.spi.ChannelContext;
import io.switchboard.channels.spi.JsonContentType;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;

/**
 * The web chat: a plain HTML page per app at {@code /chat/:appId} that streams answers over
 * server-sent events from {@code POST /chat/:appId/messages}.
 *
 * <p>Routes: {@code GET /chat/:appId} (page), {@code GET /chat/:appId/profile} (name, opening
 * statement, suggested questions), {@code POST /chat/:appId/messages} (one turn as
 * {@code text/event-stream}), the user's conversations under {@code /chat/:appId/conversations} (see
 * {@link ConversationRoutes}) and {@code GET /chat/assets/:name} (script and style sheet). Every error
 * on these routes is a JSON body {@code {"error","message"}} (the page itself answers an unknown app
 * with an HTML page when the browser asks for HTML).
 */
public final class WebChatChannel implements ChannelAdapter {
    /** The channel type in {@link io.switchboard.channels.spi.InboundMessage#channel()}. */
    public static final String TYPE = "web";

    /** Largest accepted message request; a message is at most 8000 characters. */
    public static final int DEFAULT_BODY_LIMIT_BYTES = 64 * 1024;

    private final ChatAssets assets;
    private volatile FrameAncestors frameAncestors;

    private WebChatChannel(ChatAssets assets) {
        this.assets = assets;
    }

    /**
     * Loads the page and its assets from the classpath (a few KiB, read once here so that serving
     * them never touches the disk).
     */
    public static WebChatChannel create() {
        return new WebChatChannel(ChatAssets.load());
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** {@code web-embed}: the sites allowed to frame an app's chat (any, without one). */
    @Override
    public List<BindingType> bindingTypes() {
        return List.of(new WebEmbedBinding());
    }

    @Override
    public void accountChanged(String bindingId) {
        FrameAncestors known = frameAncestors;
        if (known != null) {
            known.forget();
        }
    }

    @Override
    public void mount(Router router, ChannelContext context) {
        var errors = new WebErrorHandler(DEFAULT_BODY_LIMIT_BYTES);
        frameAncestors = new FrameAncestors(context.accounts());
        var pages = new ChatPageHandler(assets, context.apps(), frameAncestors);
        var conversations =
                new ConversationStore(context.durable() != null ? context.durable() : new LocalDurableState());
        var live = new LiveAnswers();
        var routes = new ConversationRoutes(context.apps(), conversations, live);
        // Assets first: "/chat/assets/x" must never be taken for an app's sub-route.
        router.get("/chat/assets/:name").handler(assets::serve).failureHandler(errors);
        router.get("/chat/:appId").handler(pages::page).failureHandler(errors);
        router.get("/chat/:appId/profile").handler(pages::profile).failureHandler(errors);
        // Routes of their own: Vert.x wants a BodyHandler ahead of every user handler on one route.
        router.post("/chat/:appId/messages").handler(JsonContentType::require).failureHandler(errors);
        router.post("/chat/:appId/messages")
                .handler(BodyHandler.create(false).setBodyLimit(DEFAULT_BODY_LIMIT_BYTES))
                .handler(new ChatMessageHandler(context, conversations, live))
                .failureHandler(errors);
        router.get("/chat/:appId/conversations")
                .handler(routes::publishedApp)
                .handler(routes::list)
                .failureHandler(errors);
        router.get("/chat/:appId/conversations/:conversationId")
                .handler(routes::publishedApp)
                .handler(routes::get)
                .failureHandler(errors);
        router.patch("/chat/:appId/conversations/:conversationId")
                .handler(BodyHandler.create(false).setBodyLimit(16 * 1024))
                .handler(routes::publishedApp)
                .handler(routes::rename)
                .failureHandler(errors);
        router.delete("/chat/:appId/conversations/:conversationId")
                .handler(routes::publishedApp)
                .handler(routes::delete)
                .failureHandler(errors);
        router.get("/chat/:appId/conversations/:conversationId/stream")
                .handler(routes::publishedApp)
                .handler(routes::stream)
                .failureHandler(errors);
        router.post("/chat/:appId/conversations/:conversationId/stop")
                .handler(BodyHandler.create(false).setBodyLimit(16 * 1024))
                .handler(routes::publishedApp)
                .handler(routes::stop)
                .failureHandler(errors);
        router.post("/chat/:appId/feedback").handler(JsonContentType::require).failureHandler(errors);
        router.post("/chat/:appId/feedback")
                .handler(BodyHandler.create(false).setBodyLimit(16 * 1024))
                .handler(new FeedbackRequestHandler(context.turns()))
                .failureHandler(errors);
    }
}
