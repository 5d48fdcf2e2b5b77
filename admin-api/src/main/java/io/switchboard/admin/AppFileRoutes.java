package io.switchboard.admin;

import io.switchboard.runtime.access.ResourceKind;
import io.switchboard.runtime.appfile.AppFile;
import io.switchboard.runtime.appfile.AppFiles;
import io.switchboard.runtime.appfile.Category;
import io.switchboard.threads.VirtualThreads;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.Function;

/** The app square (built-in templates) and app files (export as YAML, import of ours or a Dify DSL). */
final class AppFileRoutes {
    /** Which model the new app (and its workflows' model nodes) gets; omitted: the file's, or offline. */
    record ModelChoice(String providerId, String modelName) {
        AppFiles.ModelChoice toChoice() {
            return new AppFiles.ModelChoice(providerId, modelName);
        }
    }

    record FromTemplate(String template, String id, String name, ModelChoice model, Boolean publish) {
        FromTemplate {
            if (template == null || template.isBlank()) {
                throw new IllegalArgumentException("template is required (a key from GET /app-templates)");
            }
            if (id == null) {
                throw new IllegalArgumentException("id is required (the new app's id)");
            }
            if (name != null && (name.isBlank() || name.codePointCount(0, name.length()) > 100)) {
                throw new IllegalArgumentException("name must be 1-100 characters");
            }
        }
    }

    record ImportRequest(String id, String yaml, ModelChoice model, Boolean publish) {
        ImportRequest {
            if (id == null) {
                throw new IllegalArgumentException("id is required (the new app's id)");
            }
            if (yaml == null || yaml.isBlank()) {
                throw new IllegalArgumentException("yaml is required (the app file or Dify DSL as text)");
            }
        }
    }

    record TemplateList(List<AppFile.TemplateInfo> items) {}

    record ImportView(
            AppRoutes.AppView app,
            List<String> workflowIds,
            List<String> toolProviderIds,
            List<String> knowledgeBaseIds,
            List<String> notes) {
        static ImportView of(AppFiles.Imported imported) {
            return new ImportView(
                    AppRoutes.AppView.of(imported.app()),
                    imported.workflowIds(),
                    imported.toolProviderIds(),
                    imported.knowledgeBaseIds(),
                    imported.notes());
        }
    }

    private final AppFiles files;
    private final SkillsBackend skills;
    private final ChangeNotifier changes;
    private final VirtualThreads blocking;
    private final JsonCodec json;

    AppFileRoutes(AdminBackend backend, ChangeNotifier changes, VirtualThreads blocking, JsonCodec json) {
        this.files = backend.appFiles();
        this.skills = backend.skills();
        this.changes = changes;
        this.blocking = blocking;
        this.json = json;
    }

    void mount(Router router) {
        if (files == null) {
            return;
        }
        router.get("/app-templates").handler(this::templates);
        router.post("/apps/from-template").handler(this::fromTemplate);
        router.post("/apps/import").handler(this::importFile);
        router.get("/apps/:id/export").handler(this::export);
    }

    private void templates(RoutingContext ctx) {
        Responses.allowQuery(ctx, "category");
        String raw = ctx.queryParams().get("category");
        Category category = raw == null ? null : Category.of(raw);
        blocking.call(() -> new TemplateList(files.templates(category)))
                .onSuccess(list -> Responses.json(ctx, 200, list, json))
                .onFailure(ctx::fail);
    }

    private void fromTemplate(RoutingContext ctx) {
        FromTemplate request = json.read(ctx, FromTemplate.class);
        created(
                ctx,
                square -> square.createFromTemplate(
                        request.template(),
                        request.id(),
                        request.name(),
                        choice(request.model()),
                        request.publish() == null || request.publish()));
    }

    private void importFile(RoutingContext ctx) {
        ImportRequest request = json.read(ctx, ImportRequest.class);
        created(
                ctx,
                square -> square.importFile(
                        request.id(), request.yaml(), choice(request.model()), Boolean.TRUE.equals(request.publish())));
    }

    private void created(RoutingContext ctx, Function<AppFiles, AppFiles.Imported> action) {
        WorkspaceScope scope = WorkspaceScope.of(ctx);
        blocking.call(() -> {
                    try {
                        AppFiles.Imported imported = action.apply(files);
                        // What the file or template made belongs to the workspace it was made in.
                        scope.claim(ResourceKind.APP, imported.app().id());
                        imported.workflowIds().forEach(id -> scope.claim(ResourceKind.WORKFLOW, id));
                        imported.toolProviderIds().forEach(id -> scope.claim(ResourceKind.TOOL_PROVIDER, id));
                        imported.knowledgeBaseIds().forEach(id -> scope.claim(ResourceKind.KNOWLEDGE_BASE, id));
                        changes.appChanged(imported.app().id());
                        return ImportView.of(imported);
                    } finally {
                        // Tool providers may have been registered (and, on failure, removed again).
                        if (skills != null) {
                            skills.tools().changed();
                        }
                    }
                })
                .onSuccess(view -> Responses.json(ctx, 201, view, json))
                .onFailure(ctx::fail);
    }

    private void export(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Responses.allowQuery(ctx);
        blocking.call(() -> files.export(id))
                .onSuccess(yaml -> ctx.response()
                        .putHeader("Content-Type", "application/yaml; charset=utf-8")
                        .putHeader("Content-Disposition", "attachment; filename=\"" + id + ".app.yaml\"")
                        .end(yaml))
                .onFailure(ctx::fail);
    }

    private static AppFiles.ModelChoice choice(ModelChoice model) {
        return model == null ? AppFiles.ModelChoice.KEEP : model.toChoice();
    }
}
