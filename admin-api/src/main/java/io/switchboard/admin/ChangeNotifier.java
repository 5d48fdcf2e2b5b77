package io.switchboard.admin;

import io.switchboard.runtime.app.AppChangeListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the listener about committed changes. A listener failure is logged and swallowed: the change is
 * already stored, so the admin must not see it as failed.
 */
final class ChangeNotifier {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeNotifier.class);
    private final AppChangeListener listener;

    ChangeNotifier(AppChangeListener listener) {
        this.listener = listener;
    }

    void appChanged(String appId) {
        try {
            listener.appChanged(appId);
        } catch (RuntimeException e) {
            LOG.warn("change listener failed for app {}", appId, e);
        }
    }

    void providerChanged(String providerId) {
        try {
            listener.providerChanged(providerId);
        } catch (RuntimeException e) {
            LOG.warn("change listener failed for provider {}", providerId, e);
        }
    }

    void keywordListsChanged() {
        try {
            listener.keywordListsChanged();
        } catch (RuntimeException e) {
            LOG.warn("change listener failed for the keyword lists", e);
        }
    }
}
