package io.switchboard.admin;

import io.switchboard.runtime.access.ResourceKind;
import io.switchboard.runtime.access.Workspace;
import io.switchboard.runtime.access.WorkspaceRole;
import io.switchboard.runtime.app.App;
import io.switchboard.runtime.app.AppStore;
import io.switchboard.runtime.moderation.KeywordList;
import io.switchboard.runtime.moderation.KeywordLists;
import io.switchboard.runtime.moderation.KeywordMatcher;
import io.switchboard.runtime.moderation.Moderation;
import io.switchboard.runtime.moderation.ModerationHit;
import io.switchboard.threads.VirtualThreads;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Moderation keyword lists (shared ones, or an app's own) and their words, a bulk import of a text file
 * with one word per line, and the recorded hits of an app.
 */
final class ModerationRoutes {
    private static final String ID_PATTERN = "[a-z0-9][a-z0-9-]{0,63}";
    private static final int MAX_WORDS_PER_CALL = 1000;
    /** Lines per import: a list of this many words compiles in well under a second. */
    private static final int MAX_IMPORT_LINES = 100_000;

    record CreateList(String id, String name, String appId) {}

    record RenameList(String name) {}

    record Words(List<String> words) {}

    /**
     * @param text the file's content: one word per line; blank lines and lines starting with {@code #}
     *     are skipped
     * @param replace true to drop the list's words first
     */
    record Import(String text, boolean replace) {}

    record WordsChanged(String listId, int changed, int words) {}

    record Imported(String listId, int lines, int added, int duplicates, List<String> invalid, int words) {}

    record WordPage(String listId, List<String> words, int offset, int limit) {}

    record ListPage(List<KeywordList> lists) {}

    record HitPage(List<ModerationHit> hits) {}

    private final AppStore apps;
    private final ChangeNotifier changes;
    private final Moderation moderation;
    private final KeywordLists lists;
    private final VirtualThreads blocking;
    private final JsonCodec json;

    ModerationRoutes(AdminBackend backend, ChangeNotifier changes, VirtualThreads blocking, JsonCodec json) {
        this.changes = changes;
        this.apps = backend.apps();
        this.moderation = backend.moderation();
        this.lists = moderation.lists();
        this.blocking = blocking;
        this.json = json;
    }

    void mount(Router router) {
        router.get("/moderation/lists").handler(this::list);
        router.post("/moderation/lists").handler(this::create);
        router.get("/moderation/lists/:listId").handler(this::read);
        router.patch("/moderation/lists/:listId").handler(this::rename);
        router.delete("/moderation/lists/:listId").handler(this::delete);
        router.get("/moderation/lists/:listId/words").handler(this::words);
        router.post("/moderation/lists/:listId/words").handler(this::addWords);
        router.post("/moderation/lists/:listId/words/remove").handler(this::removeWords);
        router.post("/moderation/lists/:listId/import").handler(this::importText);
        router.get("/apps/:id/moderation/hits").handler(this::hits);
    }

    private void list(RoutingContext ctx) {
        Responses.allowQuery(ctx, "appId");
        String appId = ctx.queryParams().get("appId");
        WorkspaceScope scope = WorkspaceScope.of(ctx);
        blocking.call(() -> {
                    if (appId != null) {
                        requireApp(appId);
                        if (!scope.owns(ResourceKind.APP, appId)) {
                            throw ApiException.notFound("app '" + appId + "' does not exist");
                        }
                    }
                    return new ListPage(lists.list(appId));
                })
                .onSuccess(page -> Responses.json(ctx, 200, page, json))
                .onFailure(ctx::fail);
    }

    private void create(RoutingContext ctx) {
        CreateList request = json.read(ctx, CreateList.class);
        if (request.id() == null || !request.id().matches(ID_PATTERN)) {
            throw ApiException.badRequest("id must match " + ID_PATTERN);
        }
        String name = name(request.name());
        WorkspaceScope scope = WorkspaceScope.of(ctx);
        blocking.call(() -> {
                    if (request.appId() != null) {
                        requireApp(request.appId());
                        if (!scope.owns(ResourceKind.APP, request.appId())) {
                            throw ApiException.notFound("app '" + request.appId() + "' does not exist");
                        }
                    } else {
                        requireInstallationAdmin(scope, "POST /moderation/lists without appId (a shared list)");
                    }
                    return lists.create(request.id(), request.appId(), name);
                })
                .onSuccess(created -> Responses.json(ctx, 201, created, json))
                .onFailure(ctx::fail);
    }

    private void read(RoutingContext ctx) {
        String id = ctx.pathParam("listId");
        WorkspaceScope scope = WorkspaceScope.of(ctx);
        blocking.call(() -> visible(scope, id))
                .onSuccess(found -> Responses.json(ctx, 200, found, json))
                .onFailure(ctx::fail);
    }

    private void rename(RoutingContext ctx) {
        String id = ctx.pathParam("listId");
        String name = name(json.read(ctx, RenameList.class).name());
        WorkspaceScope scope = WorkspaceScope.of(ctx);
        blocking.call(() -> {
                    changeable(scope, id, "PATCH");
                    return lists.rename(id, name);
                })
                .onSuccess(renamed -> Responses.json(ctx, 200, renamed, json))
                .onFailure(ctx::fail);
    }

    private void delete(RoutingContext ctx) {
        String id = ctx.pathParam("listId");
        WorkspaceScope scope = WorkspaceScope.of(ctx);
        blocking.call(() -> {
                    changeable(scope, id, "DELETE");
                    if (!lists.delete(id)) {
                        throw missing(id);
                    }
                    listsChanged();
                    return null;
                })
                .onSuccess(ignored -> Responses.noContent(ctx))
                .onFailure(ctx::fail);
    }

    private void words(RoutingContext ctx) {
        String id = ctx.pathParam("listId");
        Responses.allowQuery(ctx, "offset", "limit");
        int offset = Responses.intParam(ctx, "offset", 0, 0, 1_000_000_000);
        int limit = Responses.intParam(ctx, "limit", 100, 1, 1000);
        WorkspaceScope scope = WorkspaceScope.of(ctx);
        blocking.call(() -> {
                    visible(scope, id);
                    return new WordPage(id, lists.words(id, offset, limit), offset, limit);
                })
                .onSuccess(page -> Responses.json(ctx, 200, page, json))
                .onFailure(ctx::fail);
    }

    private void addWords(RoutingContext ctx) {
        String id = ctx.pathParam("listId");
        List<String> words = checked(json.read(ctx, Words.class));
        WorkspaceScope scope = WorkspaceScope.of(ctx);
        blocking.call(() -> {
                    changeable(scope, id, "POST");
                    int added = lists.addWords(id, words);
                    listsChanged();
                    return new WordsChanged(id, added, require(id).words());
                })
                .onSuccess(changed -> Responses.json(ctx, 200, changed, json))
                .onFailure(ctx::fail);
    }

    private void removeWords(RoutingContext ctx) {
        String id = ctx.pathParam("listId");
        Words request = json.read(ctx, Words.class);
        if (request.words() == null
                || request.words().isEmpty()
                || request.words().size() > MAX_WORDS_PER_CALL) {
            throw ApiException.badRequest("words must hold 1-" + MAX_WORDS_PER_CALL + " words");
        }
        // The same shape as for adding (the document's KeywordWords): no blank word, none over 100
        // characters; whether a word could ever match does not matter for taking it out.
        List<String> words = new java.util.ArrayList<>();
        for (int i = 0; i < request.words().size(); i++) {
            String word = request.words().get(i);
            String problem = shapeProblem(word);
            if (problem != null) {
                throw ApiException.badRequest("words[" + i + "]: " + problem);
            }
            words.add(word.strip());
        }
        WorkspaceScope scope = WorkspaceScope.of(ctx);
        blocking.call(() -> {
                    changeable(scope, id, "POST");
                    int removed = lists.removeWords(id, words);
                    listsChanged();
                    return new WordsChanged(id, removed, require(id).words());
                })
                .onSuccess(changed -> Responses.json(ctx, 200, changed, json))
                .onFailure(ctx::fail);
    }

    private void importText(RoutingContext ctx) {
        String id = ctx.pathParam("listId");
        Import request = json.read(ctx, Import.class);
        if (request.text() == null) {
            throw ApiException.badRequest("text is required: the file's content, one word per line");
        }
        String[] lines = request.text().split("\r\n|\n|\r", -1);
        if (lines.length > MAX_IMPORT_LINES) {
            throw ApiException.badRequest("text may hold at most " + MAX_IMPORT_LINES + " lines");
        }
        Set<String> words = new LinkedHashSet<>();
        List<String> invalid = new ArrayList<>();
        int duplicates = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (i == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1).strip(); // a byte-order mark from a Windows editor
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String problem = problem(line);
            if (problem != null) {
                if (invalid.size() < 20) {
                    invalid.add("line " + (i + 1) + ": " + problem);
                }
                continue;
            }
            if (!words.add(line)) {
                duplicates++;
            }
        }
        int skippedDuplicates = duplicates;
        int lineCount = lines.length;
        WorkspaceScope scope = WorkspaceScope.of(ctx);
        blocking.call(() -> {
                    changeable(scope, id, "POST");
                    int added = request.replace() ? lists.replaceWords(id, words) : lists.addWords(id, words);
                    listsChanged();
                    return new Imported(
                            id,
                            lineCount,
                            added,
                            skippedDuplicates + (words.size() - added),
                            invalid,
                            require(id).words());
                })
                .onSuccess(imported -> Responses.json(ctx, 200, imported, json))
                .onFailure(ctx::fail);
    }

    private void hits(RoutingContext ctx) {
        String appId = ctx.pathParam("id");
        Responses.allowQuery(ctx, "direction", "before", "limit");
        int limit = Responses.intParam(ctx, "limit", 50, 1, 500);
        String direction = ctx.queryParams().get("direction");
        ModerationHit.Direction only = direction == null ? null : ModerationHit.Direction.parse(direction);
        Instant before = before(ctx.queryParams().get("before"));
        blocking.call(() -> {
                    requireApp(appId);
                    return new HitPage(moderation.hits().list(appId, only, before, limit));
                })
                .onSuccess(page -> Responses.json(ctx, 200, page, json))
                .onFailure(ctx::fail);
    }

    /** This member's matchers at once, then every other member's through the change listener. */
    private void listsChanged() {
        moderation.listsChanged();
        changes.keywordListsChanged();
    }

    private static Instant before(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("before must be an ISO-8601 instant, e.g. 2026-12-03T10:15:30Z");
        }
    }

    private static List<String> checked(Words request) {
        if (request.words() == null
                || request.words().isEmpty()
                || request.words().size() > MAX_WORDS_PER_CALL) {
            throw ApiException.badRequest(
                    "words must hold 1-" + MAX_WORDS_PER_CALL + " words (use import for a whole file)");
        }
        Set<String> words = new LinkedHashSet<>();
        for (int i = 0; i < request.words().size(); i++) {
            String raw = request.words().get(i);
            String problem = shapeProblem(raw);
            String word = raw == null ? "" : raw.strip();
            if (problem == null) {
                problem = problem(word);
            }
            if (problem != null) {
                throw ApiException.badRequest("words[" + i + "]: " + problem);
            }
            words.add(word);
        }
        return List.copyOf(words);
    }

    /**
     * What the document's schema refuses in a word as sent (before stripping): null, blank, over 100
     * characters; null when its shape is fine.
     */
    private static String shapeProblem(String word) {
        if (word == null || word.isBlank()) {
            return "a word must not be blank";
        }
        if (word.codePointCount(0, word.length()) > 100) {
            return "a word must be at most 100 characters";
        }
        return null;
    }

    /** Why a word cannot be a keyword, or null when it can. */
    private static String problem(String word) {
        if (word.isEmpty()) {
            return "a word must not be blank";
        }
        if (word.codePointCount(0, word.length()) > 100) {
            return "a word must be at most 100 characters";
        }
        String normalised = KeywordMatcher.normalise(word);
        if (normalised.isEmpty()) {
            return "'" + word + "' has no letter, digit or character left to match once punctuation and"
                    + " spaces are ignored";
        }
        if (normalised.codePointCount(0, normalised.length()) > KeywordList.MAX_WORD) {
            return "a word must be at most " + KeywordList.MAX_WORD + " characters once spaces and punctuation are"
                    + " ignored";
        }
        return null;
    }

    private static String name(String name) {
        if (name == null || name.isBlank()) {
            throw ApiException.badRequest("name is required");
        }
        if (name.strip().codePointCount(0, name.strip().length()) > KeywordList.MAX_NAME) {
            throw ApiException.badRequest("name must be at most " + KeywordList.MAX_NAME + " characters");
        }
        return name.strip();
    }

    /**
     * A list the caller may read: a shared one, or one of an app of the caller's workspace (another
     * workspace's app's list does not exist for them).
     */
    private KeywordList visible(WorkspaceScope scope, String id) {
        KeywordList list = require(id);
        if (!list.shared() && !scope.owns(ResourceKind.APP, list.appId())) {
            throw missing(id);
        }
        return list;
    }

    /**
     * A list the caller may change (the guard made sure they are an editor of the request's workspace): an
     * app's own list when the app is in that workspace (else it does not exist for them), a shared list
     * when they are an admin or owner of the default workspace (else 403).
     */
    private KeywordList changeable(WorkspaceScope scope, String id, String method) {
        KeywordList list = visible(scope, id);
        if (list.shared()) {
            requireInstallationAdmin(scope, method + " on the shared keyword list '" + id + "'");
        }
        return list;
    }

    private static void requireInstallationAdmin(WorkspaceScope scope, String what) {
        boolean admin = scope.store()
                .role(Workspace.DEFAULT_ID, scope.username())
                .map(role -> role.atLeast(WorkspaceRole.ADMIN))
                .orElse(false);
        if (!admin) {
            throw new ApiException(
                    403,
                    "forbidden",
                    what + " needs admin or above in workspace '" + Workspace.DEFAULT_ID
                            + "': shared lists are the installation's (an app's own list, with appId, needs"
                            + " editor in the app's workspace)");
        }
    }

    private KeywordList require(String id) {
        return lists.find(id).orElseThrow(() -> missing(id));
    }

    private void requireApp(String appId) {
        App.requireValidId(appId);
        if (apps.find(appId).isEmpty()) {
            throw ApiException.notFound("app '" + appId + "' does not exist");
        }
    }

    private static ApiException missing(String id) {
        return ApiException.notFound("keyword list '" + id + "' does not exist");
    }
}
