package io.switchboard.runtime.appfile;

import io.switchboard.runtime.ConflictException;
import io.switchboard.runtime.app.App;
import io.switchboard.runtime.app.AppConfig;
import io.switchboard.runtime.workflow.WorkflowGraph;
import java.util.List;

/** Writes an imported app and the workflows it links in one transaction. Blocking: virtual thread. */
public interface AppFileStore {
    /** A workflow to create with {@code graph} as its draft and, when {@code published}, as its version 1. */
    record NewWorkflow(String id, String name, WorkflowGraph graph, boolean published) {}

    /** A fresh id for a workflow of {@link #importApp}, so the app's references can name it beforehand. */
    String newWorkflowId();

    /**
     * Creates {@code workflows} and the app with {@code config} as its draft
     * and, when {@code publish}, as its published version 1 — all or nothing.
     *
     * @throws ConflictException when the app id is taken (nothing is written)
     */
    App importApp(String appId, AppConfig config, List<NewWorkflow> workflows, boolean publish, String note);
}
