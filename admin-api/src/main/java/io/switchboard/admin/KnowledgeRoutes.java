package io.switchboard.admin;

import io.switchboard.runtime.access.ResourceKind;
import io.switchboard.runtime.app.App;
import io.switchboard.runtime.app.AppStore;
import io.switchboard.runtime.knowledge.CrawlRequest;
import io.switchboard.runtime.knowledge.KnowledgeBase;
import io.switchboard.runtime.knowledge.KnowledgeBaseSettings;
import io.switchboard.runtime.knowledge.KnowledgeChunk;
import io.switchboard.runtime.knowledge.KnowledgeDocument;
import io.switchboard.runtime.knowledge.KnowledgeLink;
import io.switchboard.runtime.knowledge.KnowledgeService;
import io.switchboard.runtime.knowledge.Passage;
import io.switchboard.runtime.knowledge.RerankSettings;
import io.switchboard.runtime.knowledge.RetrievalMode;
import io.switchboard.threads.VirtualThreads;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** Knowledge bases, their documents and chunks, app links and the hit test. */
final class KnowledgeRoutes {
    record BaseRequest(String name, String description, KnowledgeBaseSettings settings) {
        BaseRequest {
            KnowledgeBase.requireValidName(name);
            if (description != null && description.codePointCount(0, description.length()) > 2000) {
                throw new IllegalArgumentException("description must be at most 2000 characters");
            }
        }
    }

    record UploadRequest(String name, String contentBase64) {
        UploadRequest {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("name (the file name) is required");
            }
            if (contentBase64 == null || contentBase64.isBlank()) {
                throw new IllegalArgumentException("contentBase64 (the file, base64-encoded) is required");
            }
        }

        byte[] bytes() {
            try {
                return Base64.getDecoder().decode(contentBase64.replaceAll("\\s", ""));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("contentBase64 is not valid base64");
            }
        }
    }

    record EnabledRequest(Boolean enabled) {
        EnabledRequest {
            if (enabled == null) {
                throw new IllegalArgumentException("enabled (true or false) is required");
            }
        }
    }

    record ChunkEdit(String text) {}

    record HitTestRequest(String query, Integer topK) {
        HitTestRequest {
            topK = topK == null ? 5 : topK;
            if (topK < 1 || topK > 50) {
                throw new IllegalArgumentException("topK must be between 1 and 50");
            }
        }
    }

    record DocumentView(
            String id,
            String knowledgeBaseId,
            String name,
            String sourceType,
            String sourceUri,
            String mediaType,
            long sizeBytes,
            String status,
            int progress,
            String error,
            boolean enabled,
            int chunkCount,
            Instant createdAt,
            Instant updatedAt) {
        static DocumentView of(KnowledgeDocument d) {
            return new DocumentView(
                    d.id(),
                    d.knowledgeBaseId(),
                    d.name(),
                    d.sourceType(),
                    d.sourceUri(),
                    d.mediaType(),
                    d.sizeBytes(),
                    d.status().wireName(),
                    d.progress(),
                    d.error(),
                    d.enabled(),
                    d.chunkCount(),
                    d.createdAt(),
                    d.updatedAt());
        }
    }

    record ChunkView(String id, String documentId, int position, String text, boolean enabled) {
        static ChunkView of(KnowledgeChunk c) {
            return new ChunkView(c.id(), c.documentId(), c.position(), c.text(), c.enabled());
        }
    }

    record Items<T>(List<T> items) {}

    /** The body of {@code PUT /apps/{id}/knowledge}; {@code appId} is accepted and ignored (the path names the app). */
    record LinkRequest(
            String appId,
            List<String> knowledgeBaseIds,
            Integer topK,
            Double scoreThreshold,
            RetrievalMode mode,
            Double keywordThreshold,
            RerankSettings rerank,
            Boolean rewriteFollowUps) {
        KnowledgeLink link() {
            return new KnowledgeLink(
                    knowledgeBaseIds, topK, scoreThreshold, mode, keywordThreshold, rerank, rewriteFollowUps);
        }
    }

    record LinkView(
            String appId,
            List<String> knowledgeBaseIds,
            int topK,
            double scoreThreshold,
            RetrievalMode mode,
            double keywordThreshold,
            RerankSettings rerank,
            boolean rewriteFollowUps) {
        static LinkView of(String appId, KnowledgeLink link) {
            return new LinkView(
                    appId,
                    link.knowledgeBaseIds(),
                    link.topK(),
                    link.scoreThreshold(),
                    link.mode(),
                    link.keywordThreshold(),
                    link.rerank(),
                    link.rewriteFollowUps());
        }
    }

    private final KnowledgeService knowledge;
    private final AppStore apps;
    private final ChangeNotifier changes;
    private final VirtualThreads blocking;
    private final JsonCodec json;

    KnowledgeRoutes(AdminBackend backend, ChangeNotifier changes, VirtualThreads blocking, JsonCodec json) {
        this.knowledge = backend.knowledge();
        this.changes = changes;
        this.apps = backend.apps();
        this.blocking = blocking;
        this.json = json;
    }

    void mount(Router router) {
        router.get("/knowledge-bases").handler(ctx -> {
            Responses.allowQuery(ctx);
            WorkspaceScope scope = WorkspaceScope.of(ctx);
            respond(
                    ctx,
                    200,
                    () -> new Items<>(scope.filter(ResourceKind.KNOWLEDGE_BASE, knowledge.bases(), KnowledgeBase::id)));
        });
        router.post("/knowledge-bases").handler(this::createBase);
        router.get("/knowledge-bases/:kbId")
                .handler(ctx -> respond(ctx, 200, () -> knowledge.base(ctx.pathParam("kbId"))));
        router.put("/knowledge-bases/:kbId").handler(this::updateBase);
        router.delete("/knowledge-bases/:kbId")
                .handler(ctx -> respond(ctx, 204, () -> {
                    knowledge.deleteBase(ctx.pathParam("kbId"));
                    return null;
                }));
        router.get("/knowledge-bases/:kbId/documents").handler(ctx -> {
            Responses.allowQuery(ctx);
            respond(
                    ctx,
                    200,
                    () -> new Items<>(knowledge.documents(ctx.pathParam("kbId")).stream()
                            .map(DocumentView::of)
                            .toList()));
        });
        router.post("/knowledge-bases/:kbId/documents").handler(this::upload);
        router.post("/knowledge-bases/:kbId/crawl").handler(this::crawl);
        router.post("/knowledge-bases/:kbId/hit-test").handler(this::hitTest);
        router.get("/knowledge-documents/:docId")
                .handler(ctx -> respond(ctx, 200, () -> DocumentView.of(knowledge.document(ctx.pathParam("docId")))));
        router.delete("/knowledge-documents/:docId")
                .handler(ctx -> respond(ctx, 204, () -> {
                    knowledge.deleteDocument(ctx.pathParam("docId"));
                    return null;
                }));
        router.post("/knowledge-documents/:docId/reindex")
                .handler(ctx -> respond(ctx, 202, () -> DocumentView.of(knowledge.reindex(ctx.pathParam("docId")))));
        router.put("/knowledge-documents/:docId/enabled").handler(this::setEnabled);
        router.get("/knowledge-documents/:docId/chunks").handler(this::chunks);
        router.put("/knowledge-chunks/:chunkId").handler(this::editChunk);
        router.put("/knowledge-chunks/:chunkId/enabled").handler(this::setChunkEnabled);
        // Kept from before links moved into the app's configuration: they read and write the draft's
        // `knowledge` (publish to serve it), like PATCH /apps/{id}/draft with {"knowledge": ...}.
        router.get("/apps/:id/knowledge")
                .handler(ctx -> respond(ctx, 200, () -> LinkView.of(ctx.pathParam("id"), linkedKnowledge(ctx))));
        router.put("/apps/:id/knowledge").handler(this::link);
        router.delete("/apps/:id/knowledge")
                .handler(ctx -> respond(ctx, 204, () -> {
                    linkedKnowledge(ctx);
                    saveDraftKnowledge(ctx.pathParam("id"), null);
                    return null;
                }));
    }

    private void createBase(RoutingContext ctx) {
        BaseRequest request = json.read(ctx, BaseRequest.class);
        WorkspaceScope scope = WorkspaceScope.of(ctx);
        respond(ctx, 201, () -> {
            KnowledgeBase created = knowledge.createBase(request.name(), request.description(), request.settings());
            scope.claim(ResourceKind.KNOWLEDGE_BASE, created.id());
            return created;
        });
    }

    private void updateBase(RoutingContext ctx) {
        BaseRequest request = json.read(ctx, BaseRequest.class);
        respond(
                ctx,
                200,
                () -> knowledge.updateBase(
                        ctx.pathParam("kbId"), request.name(), request.description(), request.settings()));
    }

    private void upload(RoutingContext ctx) {
        UploadRequest request = json.read(ctx, UploadRequest.class);
        // Decoding megabytes of base64 is work for a virtual thread, not the event loop.
        respond(
                ctx,
                202,
                () -> DocumentView.of(knowledge.upload(ctx.pathParam("kbId"), request.name(), request.bytes())));
    }

    private void crawl(RoutingContext ctx) {
        CrawlRequest request = json.read(ctx, CrawlRequest.class);
        respond(ctx, 202, () -> DocumentView.of(knowledge.crawl(ctx.pathParam("kbId"), request)));
    }

    private void hitTest(RoutingContext ctx) {
        HitTestRequest request = json.read(ctx, HitTestRequest.class);
        respond(ctx, 200, () -> {
            Map<RetrievalMode, List<Passage>> results =
                    knowledge.hitTest(List.of(ctx.pathParam("kbId")), request.query(), request.topK());
            Map<String, List<Passage>> body = new LinkedHashMap<>();
            results.forEach((mode, passages) -> body.put(mode.wireName(), passages));
            return body;
        });
    }

    private void setEnabled(RoutingContext ctx) {
        EnabledRequest request = json.read(ctx, EnabledRequest.class);
        respond(ctx, 200, () -> DocumentView.of(knowledge.setEnabled(ctx.pathParam("docId"), request.enabled())));
    }

    private void chunks(RoutingContext ctx) {
        Paging paging = Paging.from(ctx);
        respond(
                ctx,
                200,
                () -> new Items<>(knowledge.chunks(ctx.pathParam("docId"), paging.offset(), paging.limit()).stream()
                        .map(ChunkView::of)
                        .toList()));
    }

    private void setChunkEnabled(RoutingContext ctx) {
        EnabledRequest request = json.read(ctx, EnabledRequest.class);
        respond(ctx, 200, () -> ChunkView.of(knowledge.setChunkEnabled(ctx.pathParam("chunkId"), request.enabled())));
    }

    private void editChunk(RoutingContext ctx) {
        ChunkEdit request = json.read(ctx, ChunkEdit.class);
        respond(ctx, 200, () -> ChunkView.of(knowledge.editChunk(ctx.pathParam("chunkId"), request.text())));
    }

    private void link(RoutingContext ctx) {
        KnowledgeLink link = json.read(ctx, LinkRequest.class).link();
        WorkspaceScope scope = WorkspaceScope.of(ctx);
        respond(ctx, 200, () -> {
            scope.requireKnowledge(link, "");
            knowledge.requireBases(link.knowledgeBaseIds());
            knowledge.requireReranker(link);
            saveDraftKnowledge(ctx.pathParam("id"), link);
            return LinkView.of(ctx.pathParam("id"), link);
        });
    }

    private App draftOwner(String appId) {
        return apps.find(appId).orElseThrow(() -> ApiException.notFound("app '" + appId + "' does not exist"));
    }

    private KnowledgeLink linkedKnowledge(RoutingContext ctx) {
        String appId = ctx.pathParam("id");
        KnowledgeLink link = draftOwner(appId).draft().knowledge();
        if (link == null) {
            throw ApiException.notFound("the draft of app '" + appId + "' has no linked knowledge");
        }
        return link;
    }

    private void saveDraftKnowledge(String appId, KnowledgeLink link) {
        apps.updateDraft(appId, draftOwner(appId).draft().withKnowledge(link));
        changes.appChanged(appId);
    }

    private <T> void respond(RoutingContext ctx, int status, Callable<T> work) {
        blocking.call(work)
                .onSuccess(value -> {
                    if (status == 204) {
                        Responses.noContent(ctx);
                    } else {
                        Responses.json(ctx, status, value, json);
                    }
                })
                .onFailure(ctx::fail);
    }
}
