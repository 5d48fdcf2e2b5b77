package io.switchboard.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.runtime.access.ResourceKind;
import io.switchboard.runtime.app.App;
import io.switchboard.runtime.app.AppConfig;
import io.switchboard.runtime.app.AppStore;
import io.switchboard.runtime.app.AppVersion;
import io.switchboard.runtime.knowledge.KnowledgeService;
import io.switchboard.runtime.model.ProviderConfig;
import io.switchboard.runtime.model.ProviderKind;
import io.switchboard.runtime.model.ProviderStore;
import io.switchboard.threads.VirtualThreads;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/** Apps, their drafts and their published versions. */
final class AppRoutes {
    private static final int MAX_NOTE_LENGTH = 500;

    record CreateApp(String id, AppConfig config) {
        CreateApp {
            App.requireValidId(id);
            if (config == null) {
                throw new IllegalArgumentException("config is required");
            }
        }
    }

    record Publish(String note) {
        Publish {
            if (note != null && note.codePointCount(0, note.length()) > MAX_NOTE_LENGTH) {
                throw new IllegalArgumentException("note must be at most " + MAX_NOTE_LENGTH + " characters");
            }
        }
    }

    record Rollback(Integer version) {
        Rollback {
            if (version == null || version < 1) {
                throw new IllegalArgumentException("version is required and must be a positive integer");
            }
        }
    }

    record AppSummary(
            String id,
            String name,
            String icon,
            String description,
            Integer publishedVersion,
            Instant createdAt,
            Instant updatedAt) {
        static AppSummary of(App app) {
            return new AppSummary(
                    app.id(),
                    app.draft().name(),
                    app.draft().icon(),
                    app.draft().description(),
                    app.publishedVersion(),
                    app.createdAt(),
                    app.updatedAt());
        }
    }

    record AppView(String id, AppConfig draft, Integer publishedVersion, Instant createdAt, Instant updatedAt) {
        static AppView of(App app) {
            return new AppView(app.id(), app.draft(), app.publishedVersion(), app.createdAt(), app.updatedAt());
        }
    }

    record AppPage(int offset, int limit, List<AppSummary> items) {}

    record VersionSummary(int version, String note, Instant createdAt, boolean published) {}

    record VersionView(
            String appId, int version, String note, Instant createdAt, boolean published, AppConfig config) {}

    private final AppStore apps;
    private final ProviderStore providers;
    private final KnowledgeService knowledge;
    private final ChangeNotifier changes;
    private final VirtualThreads blocking;
    private final JsonCodec json;

    AppRoutes(AdminBackend backend, ChangeNotifier changes, VirtualThreads blocking, JsonCodec json) {
        this.apps = backend.apps();
        this.providers = backend.providers();
        this.knowledge = backend.knowledge();
        this.changes = changes;
        this.blocking = blocking;
        this.json = json;
    }

    void mount(Router router) {
        router.get("/apps").handler(this::list);
        router.post("/apps").handler(this::create);
        router.get("/apps/:id").handler(this::get);
        router.put("/apps/:id/draft").handler(this::updateDraft);
        router.patch("/apps/:id/draft").handler(this::patchDraft);
        router.delete("/apps/:id").handler(this::delete);
        router.post("/apps/:id/publish").handler(this::publish);
        router.get("/apps/:id/versions").handler(this::versions);
        router.get("/apps/:id/versions/:version").handler(this::version);
        router.post("/apps/:id/rollback").handler(this::rollback);
    }

    private void list(RoutingContext ctx) {
        Paging paging = Paging.from(ctx);
        WorkspaceScope scope = WorkspaceScope.of(ctx);
        blocking.call(() -> scope.page(ResourceKind.APP, WorkspaceScope.all(apps::list), App::id, paging).stream()
                        .map(AppSummary::of)
                        .toList())
                .onSuccess(items -> Responses.json(ctx, 200, new AppPage(paging.offset(), paging.limit(), items), json))
                .onFailure(ctx::fail);
    }

    private void create(RoutingContext ctx) {
        CreateApp request = json.read(ctx, CreateApp.class);
        WorkspaceScope scope = WorkspaceScope.of(ctx);
        blocking.call(() -> {
                    requireKnownReferences(null, request.config());
                    scope.requireAppReferences(request.config());
                    App app = apps.create(request.id(), request.config());
                    scope.claim(ResourceKind.APP, app.id());
                    changes.appChanged(app.id());
                    return AppView.of(app);
                })
                .onSuccess(app -> Responses.json(ctx, 201, app, json))
                .onFailure(ctx::fail);
    }

    private void get(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        blocking.call(() -> AppView.of(findApp(id)))
                .onSuccess(app -> Responses.json(ctx, 200, app, json))
                .onFailure(ctx::fail);
    }

    private void updateDraft(RoutingContext ctx) {
        AppConfig draft = json.read(ctx, AppConfig.class);
        saveDraft(ctx, current -> draft);
    }

    /** JSON Merge Patch (RFC 7396) of the draft: what the patch leaves out stays as it is. */
    private void patchDraft(RoutingContext ctx) {
        JsonNode patch = json.readObject(ctx);
        saveDraft(ctx, current -> json.fromTree(MergePatch.apply(json.toTree(current), patch), AppConfig.class));
    }

    /** Replaces the draft with {@code change} of the current one, checked like a new app's. */
    private void saveDraft(RoutingContext ctx, UnaryOperator<AppConfig> change) {
        String id = ctx.pathParam("id");
        WorkspaceScope scope = WorkspaceScope.of(ctx);
        blocking.call(() -> {
                    AppConfig current = findApp(id).draft();
                    AppConfig draft = change.apply(current);
                    requireKnownReferences(current, draft);
                    scope.requireAppReferences(draft);
                    App app = apps.updateDraft(id, draft);
                    changes.appChanged(id);
                    return AppView.of(app);
                })
                .onSuccess(app -> Responses.json(ctx, 200, app, json))
                .onFailure(ctx::fail);
    }

    private void delete(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        blocking.call(() -> {
                    if (!apps.delete(id)) {
                        throw ApiException.notFound("app '" + id + "' does not exist");
                    }
                    changes.appChanged(id);
                    return null;
                })
                .onSuccess(ignored -> Responses.noContent(ctx))
                .onFailure(ctx::fail);
    }

    private void publish(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Publish request = json.readOptional(ctx, Publish.class);
        blocking.call(() -> {
                    findApp(id);
                    AppVersion version = apps.publish(id, request.note());
                    changes.appChanged(id);
                    return new VersionView(
                            id, version.version(), version.note(), version.createdAt(), true, version.config());
                })
                .onSuccess(version -> Responses.json(ctx, 201, version, json))
                .onFailure(ctx::fail);
    }

    private void versions(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Responses.allowQuery(ctx);
        blocking.call(() -> {
                    App app = findApp(id);
                    return apps.versions(id).stream()
                            .map(v -> new VersionSummary(
                                    v.version(), v.note(), v.createdAt(), isPublished(app, v.version())))
                            .toList();
                })
                .onSuccess(items -> Responses.json(ctx, 200, new VersionList(items), json))
                .onFailure(ctx::fail);
    }

    record VersionList(List<VersionSummary> items) {}

    private void version(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        int number = Responses.positivePathParam(ctx, "version");
        blocking.call(() -> {
                    App app = findApp(id);
                    AppVersion version = apps.findVersion(id, number)
                            .orElseThrow(() -> ApiException.notFound("app '" + id + "' has no version " + number));
                    return new VersionView(
                            id,
                            version.version(),
                            version.note(),
                            version.createdAt(),
                            isPublished(app, number),
                            version.config());
                })
                .onSuccess(version -> Responses.json(ctx, 200, version, json))
                .onFailure(ctx::fail);
    }

    private void rollback(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Rollback request = json.read(ctx, Rollback.class);
        blocking.call(() -> {
                    findApp(id);
                    // The app exists: a version it never had, named in the body, is a conflict with the
                    // app's history (409 naming `version`), not a missing resource.
                    if (apps.findVersion(id, request.version()).isEmpty()) {
                        throw new ApiException(
                                409,
                                "unknown_version",
                                "version " + request.version() + " of app '" + id + "' does not exist (GET /apps/" + id
                                        + "/versions lists them)");
                    }
                    App app = apps.rollback(id, request.version());
                    changes.appChanged(id);
                    return AppView.of(app);
                })
                .onSuccess(app -> Responses.json(ctx, 200, app, json))
                .onFailure(ctx::fail);
    }

    private App findApp(String id) {
        return apps.find(id).orElseThrow(() -> ApiException.notFound("app '" + id + "' does not exist"));
    }

    /**
     * The providers and knowledge bases {@code config} names must exist; a base the current draft already
     * names may have been deleted since (retrieval skips it), so only newly named ones are checked.
     */
    private void requireKnownReferences(AppConfig current, AppConfig config) {
        if (config.knowledge() != null) {
            List<String> before = current == null || current.knowledge() == null
                    ? List.of()
                    : current.knowledge().knowledgeBaseIds();
            List<String> added = config.knowledge().knowledgeBaseIds().stream()
                    .filter(kb -> !before.contains(kb))
                    .toList();
            try {
                knowledge.requireBases(added);
                knowledge.requireReranker(config.knowledge());
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("knowledge." + e.getMessage());
            }
        }
        if (config.model() != null) {
            ProviderConfig provider = providers
                    .find(config.model().providerId())
                    .orElseThrow(() -> ApiException.badRequest("model.providerId '"
                            + config.model().providerId() + "' names no provider; create the provider first"));
            try {
                provider.requireModelName(config.model().modelName());
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(e.getMessage());
            }
        }
        for (int i = 0; i < config.fallbacks().size(); i++) {
            String id = config.fallbacks().get(i).providerId();
            if (providers.find(id).isEmpty()) {
                throw ApiException.badRequest(
                        "fallbacks[" + i + "].providerId '" + id + "' names no provider; create the provider first");
            }
        }
        if (config.speech() != null) {
            String id = config.speech().providerId();
            ProviderKind kind = providers
                    .find(id)
                    .map(ProviderConfig::kind)
                    .orElseThrow(() -> ApiException.badRequest(
                            "speech.providerId '" + id + "' names no provider; create the provider first"));
            if (kind != ProviderKind.OPENAI_COMPATIBLE) {
                throw ApiException.badRequest("speech.providerId '" + id
                        + "' must name an OPENAI_COMPATIBLE provider (speech goes to /audio/transcriptions)");
            }
        }
    }

    private static boolean isPublished(App app, int version) {
        return Objects.equals(app.publishedVersion(), version);
    }
}
