package io.switchboard.admin;

import io.switchboard.runtime.app.AppChangeListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Remembers the changes it was told about, as {@code app:<id>} and {@code provider:<id>}. */
final class RecordingChangeListener implements AppChangeListener {
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void appChanged(String appId) {
        events.add("app:" + appId);
    }

    @Override
    public void providerChanged(String providerId) {
        events.add("provider:" + providerId);
    }
}
