package io.switchboard.runtime.store;

import io.switchboard.runtime.app.App;
import io.switchboard.runtime.app.AppConfig;
import io.switchboard.runtime.appfile.AppFileStore;
import io.switchboard.runtime.workflow.Workflow;
import java.time.Instant;
import java.util.List;

final class JdbcAppFileStore implements AppFileStore {
    private final Jdbc jdbc;

    JdbcAppFileStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String newWorkflowId() {
        return JdbcWorkflowStore.newId();
    }

    @Override
    public App importApp(String appId, AppConfig config, List<NewWorkflow> workflows, boolean publish, String note) {
        App.requireValidId(appId);
        return jdbc.inTransaction("import app", connection -> {
            Instant now = jdbc.now();
            for (NewWorkflow workflow : workflows) {
                JdbcWorkflowStore.insert(
                        connection,
                        new Workflow(
                                workflow.id(),
                                workflow.name(),
                                workflow.graph(),
                                workflow.published() ? 1 : null,
                                now,
                                now));
            }
            JdbcAppStore.insertApp(connection, appId, config, now);
            if (publish) {
                JdbcAppStore.insertVersion(connection, appId, 1, config, note, now);
                JdbcAppStore.setPublishedVersion(connection, appId, 1, now);
            }
            return new App(appId, config, publish ? 1 : null, now, now);
        });
    }
}
