package io.switchboard.gateway.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import io.switchboard.runtime.app.AppChangeListener;
import java.io.Serializable;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Broadcasts app, provider, channel-binding and keyword-list changes to every member (this one included) through a Hazelcast
 * topic, so that each member's caches drop what changed.
 */
public final class ClusterInvalidation implements AppChangeListener {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterInvalidation.class);
    static final String TOPIC = "switchboard.invalidations";

    private final ITopic<Change> topic;
    private final List<AppChangeListener> local;
    private final UUID registration;

    private ClusterInvalidation(HazelcastInstance hazelcast, List<AppChangeListener> local) {
        this.topic = hazelcast.getTopic(TOPIC);
        this.local = local;
        this.registration = topic.addMessageListener(message -> applyLocally(message.getMessageObject()));
    }

    private void applyLocally(Change change) {
        for (AppChangeListener listener : local) {
            try {
                switch (change.kind()) {
                    case APP -> listener.appChanged(change.id());
                    case PROVIDER -> listener.providerChanged(change.id());
                    case BINDING -> listener.bindingChanged(change.id());
                    case KEYWORD_LISTS -> listener.keywordListsChanged();
                }
            } catch (RuntimeException e) {
                LOG.error("cache invalidation listener failed", e);
            }
        }
    }

    /** Starts listening; {@code local} are the caches of this member. */
    public static ClusterInvalidation start(HazelcastInstance hazelcast, List<AppChangeListener> local) {
        return new ClusterInvalidation(hazelcast, List.copyOf(local));
    }

    @Override
    public void appChanged(String appId) {
        publish(new Change(Kind.APP, appId));
    }

    @Override
    public void providerChanged(String providerId) {
        publish(new Change(Kind.PROVIDER, providerId));
    }

    @Override
    public void bindingChanged(String bindingId) {
        publish(new Change(Kind.BINDING, bindingId));
    }

    @Override
    public void keywordListsChanged() {
        publish(new Change(Kind.KEYWORD_LISTS, ""));
    }

    private void publish(Change change) {
        // Topic delivery is asynchronous, even to this member: drop our own caches first so that the
        // admin who made the change sees it on the very next request.
        applyLocally(change);
        topic.publish(change);
    }

    public void stop() {
        topic.removeMessageListener(registration);
    }

    enum Kind {
        APP,
        PROVIDER,
        BINDING,
        KEYWORD_LISTS
    }

    record Change(Kind kind, String id) implements Serializable {}
}
