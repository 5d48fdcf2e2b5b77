package io.switchboard.runtime.appfile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.switchboard.runtime.ConflictException;
import io.switchboard.runtime.NotFoundException;
import io.switchboard.runtime.app.App;
import io.switchboard.runtime.app.AppConfig;
import io.switchboard.runtime.app.AppStore;
import io.switchboard.runtime.knowledge.KnowledgeBase;
import io.switchboard.runtime.knowledge.KnowledgeBaseSettings;
import io.switchboard.runtime.knowledge.KnowledgeService;
import io.switchboard.runtime.model.ProviderStore;
import io.switchboard.runtime.tool.CustomTools;
import io.switchboard.runtime.tool.ToolDefinition;
import io.switchboard.runtime.workflow.Workflow;
import io.switchboard.runtime.workflow.WorkflowService;
import io.switchboard.runtime.workflow.WorkflowVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * App files and the app square: exports an app as one YAML file, imports such a file (or a Dify app DSL)
 * as a new app, and creates apps from the built-in templates. Blocking: call from a virtual thread.
 *
 * <p>An import checks everything it can before it writes; it then registers the file's tool providers
 * and knowledge bases (their stores are separate) and writes the app with its workflows in one
 * transaction. When that fails, the providers and bases it registered are deleted again, so a failed
 * import leaves nothing behind.
 */
public final class AppFiles {
    /** Node types whose {@code provider} and {@code model} settings name a model. */
    private static final Set<String> MODEL_NODES = Set.of("llm", "question-classifier", "parameter-extractor", "agent");

    private final AppStore apps;
    private final AppFileStore files;
    private final ProviderStore providers;
    private final KnowledgeService knowledge;
    private final WorkflowService workflows;
    private final CustomTools tools;
    private final AppTemplates templates;

    private AppFiles(
            AppStore apps,
            AppFileStore files,
            ProviderStore providers,
            KnowledgeService knowledge,
            WorkflowService workflows,
            CustomTools tools) {
        this.apps = Objects.requireNonNull(apps, "apps");
        this.files = Objects.requireNonNull(files, "files");
        this.providers = Objects.requireNonNull(providers, "providers");
        this.knowledge = Objects.requireNonNull(knowledge, "knowledge");
        this.workflows = workflows;
        this.tools = tools;
        this.templates = AppTemplates.builtIn();
    }

    /** @param workflows null when workflows are not wired (files linking workflows are refused) */
    public static AppFiles create(
            AppStore apps,
            AppFileStore files,
            ProviderStore providers,
            KnowledgeService knowledge,
            WorkflowService workflows,
            CustomTools tools) {
        return new AppFiles(apps, files, providers, knowledge, workflows, tools);
    }

    /** Which model an import or template gets: both null to keep the file's (or stay offline). */
    public record ModelChoice(String providerId, String modelName) {
        public static final ModelChoice KEEP = new ModelChoice(null, null);

        public ModelChoice {
            providerId = providerId == null || providerId.isBlank() ? null : providerId;
            modelName = modelName == null || modelName.isBlank() ? null : modelName;
        }
    }

    /**
     * What an import created.
     *
     * @param notes what was not carried over or needs the admin's attention (secrets to add again, ...)
     */
    public record Imported(
            App app,
            List<String> workflowIds,
            List<String> toolProviderIds,
            List<String> knowledgeBaseIds,
            List<String> notes) {}

    // ---- the app square

    /** The built-in templates, of {@code category} or all when it is null. */
    public List<AppFile.TemplateInfo> templates(Category category) {
        return templates.list().stream()
                .map(AppFile::template)
                .filter(t -> category == null || t.category() == category)
                .toList();
    }

    /**
     * Creates app {@code appId} from template {@code key}, published when {@code publish}.
     *
     * @param name the app's name, or null for the template's
     * @throws NotFoundException for an unknown template
     * @throws InvalidAppFileException when the template needs a model and none is chosen, or a reference is bad
     */
    public Imported createFromTemplate(String key, String appId, String name, ModelChoice model, boolean publish) {
        AppFile template = templates.find(key).orElseThrow(() -> new NotFoundException("no template '" + key + "'"));
        if (template.template().needsModel() && model.providerId() == null) {
            throw new InvalidAppFileException("model.providerId is required: template '" + key
                    + "' answers with a model (create a provider first)");
        }
        JsonNode root = AppFileFormat.YAML.valueToTree(template);
        if (name != null && !name.isBlank()) {
            ((ObjectNode) root.path("app")).put("name", name);
        }
        return importTree(root, appId, model, publish, "from template " + key, new ArrayList<>());
    }

    // ---- export and import

    /**
     * The draft of {@code appId} as an app file: configuration with Q&A pairs, the workflows it links (their
     * published graph, else the draft) and its custom tool providers without secrets.
     *
     * @throws NotFoundException for an unknown app
     */
    public String export(String appId) {
        App app = apps.find(appId).orElseThrow(() -> new NotFoundException("app '" + appId + "' does not exist"));
        AppConfig config = app.draft();
        Set<String> linked = new LinkedHashSet<>(config.skills().workflows());
        if (config.skills().chatFlow() != null) {
            linked.add(config.skills().chatFlow());
        }
        List<AppFile.LinkedWorkflow> exported = new ArrayList<>();
        for (String id : linked) {
            Optional<Workflow> workflow =
                    workflows == null ? Optional.empty() : workflows.store().find(id);
            if (workflow.isPresent()) {
                Workflow found = workflow.get();
                var graph = found.publishedVersion() == null
                        ? found.draft()
                        : workflows
                                .store()
                                .findVersion(id, found.publishedVersion())
                                .map(WorkflowVersion::graph)
                                .orElse(found.draft());
                exported.add(new AppFile.LinkedWorkflow(id, found.name(), graph));
            }
        }
        Map<String, ToolDefinition> definitions = new LinkedHashMap<>();
        for (String tool : config.skills().tools()) {
            String provider = tool.substring(0, tool.indexOf('/'));
            if (tools != null && !definitions.containsKey(provider)) {
                tools.definition(provider).ifPresent(definition -> definitions.put(provider, definition));
            }
        }
        return AppFileFormat.write(new AppFile(
                AppFile.KIND, AppFile.VERSION, null, config, exported, List.copyOf(definitions.values()), List.of()));
    }

    /**
     * Imports {@code text} — a Switchboard app file or a Dify app DSL — as app {@code appId}.
     *
     * @throws InvalidAppFileException naming what is wrong with the file
     * @throws ConflictException when the app id is taken
     */
    public Imported importFile(String appId, String text, ModelChoice model, boolean publish) {
        JsonNode root = AppFileFormat.tree(text);
        List<String> notes = new ArrayList<>();
        if (DifyApp.matches(root)) {
            AppFile converted = DifyApp.convert(root, text, model.providerId(), notes);
            return importTree(
                    AppFileFormat.YAML.valueToTree(converted), appId, model, publish, "imported from Dify", notes);
        }
        if (!root.has("kind")) {
            throw new InvalidAppFileException("kind is missing: the file is neither a Switchboard app file (kind: "
                    + AppFile.KIND + ") nor a Dify app DSL (kind: app)");
        }
        return importTree(root, appId, model, publish, "imported", notes);
    }

    private Imported importTree(
            JsonNode original, String appId, ModelChoice model, boolean publish, String note, List<String> notes) {
        App.requireValidId(appId);
        JsonNode root = original.deepCopy();
        if (root.path("template").isObject()) {
            ((ObjectNode) root).remove("template");
        }
        chooseModel(root, model);
        pruneFallbacks(root, notes);
        AppFile file = AppFileFormat.read(root);
        if (apps.find(appId).isPresent()) {
            throw new ConflictException("app '" + appId + "' already exists");
        }
        requireProviders(file);
        Map<String, String> workflowIds = new LinkedHashMap<>();
        List<AppFileStore.NewWorkflow> newWorkflows = new ArrayList<>();
        for (AppFile.LinkedWorkflow workflow : file.workflows()) {
            if (workflows == null) {
                throw new InvalidAppFileException("workflows: this gateway has no workflows");
            }
            String id = files.newWorkflowId();
            workflowIds.put(workflow.ref(), id);
            var errors = workflows.validate(workflow.graph());
            if (!errors.isEmpty()) {
                notes.add("workflow '" + workflow.name() + "' does not validate (" + errors.getFirst()
                        + "); it is imported as an unpublished draft: fix and publish it");
            }
            newWorkflows.add(new AppFileStore.NewWorkflow(id, workflow.name(), workflow.graph(), errors.isEmpty()));
        }
        requireWorkflowReferences(file.app(), workflowIds);
        Set<String> toolRefs = new LinkedHashSet<>();
        file.tools().forEach(definition -> toolRefs.add(definition.ref()));
        if (!toolRefs.isEmpty() && tools == null) {
            throw new InvalidAppFileException("tools: this gateway has no custom tools");
        }
        Map<String, String> knowledgeIds = new LinkedHashMap<>();
        List<String> createdTools = new ArrayList<>();
        Map<String, String> toolIds = new LinkedHashMap<>();
        try {
            for (ToolDefinition definition : file.tools()) {
                String id;
                try {
                    id = tools.register(definition).id();
                } catch (RuntimeException e) {
                    throw new InvalidAppFileException(
                            "tools[" + definition.ref() + "]: cannot be registered: " + e.getMessage());
                }
                createdTools.add(id);
                toolIds.put(definition.ref(), id);
                notes.add("tool provider '" + definition.name() + "' was registered as " + id
                        + " without credentials: add them if its API needs any");
            }
            for (AppFile.ShippedKnowledge base : file.knowledge()) {
                KnowledgeBase created =
                        knowledge.createBase(base.name(), base.description(), KnowledgeBaseSettings.DEFAULT);
                knowledgeIds.put(base.ref(), created.id());
                for (AppFile.Document document : base.documents()) {
                    knowledge.upload(
                            created.id(), document.name(), document.text().getBytes(StandardCharsets.UTF_8));
                }
            }
            AppConfig config = rewrite(file.app(), workflowIds, toolIds, knowledgeIds, notes);
            App app = files.importApp(appId, config, newWorkflows, publish, note);
            return new Imported(
                    app,
                    List.copyOf(workflowIds.values()),
                    List.copyOf(createdTools),
                    List.copyOf(knowledgeIds.values()),
                    List.copyOf(notes));
        } catch (RuntimeException e) {
            createdTools.forEach(id -> deleteQuietly(() -> tools.delete(id), e));
            knowledgeIds.values().forEach(id -> deleteQuietly(() -> knowledge.deleteBase(id), e));
            throw e;
        }
    }

    /**
     * Leaves out fallback models this gateway cannot call (their provider is not here) and those the
     * chosen model now repeats, with a note each: a file from another gateway still imports.
     */
    private void pruneFallbacks(JsonNode root, List<String> notes) {
        JsonNode app = root.path("app");
        if (!app.path("fallbacks").isArray()) {
            return;
        }
        JsonNode model = app.path("model");
        com.fasterxml.jackson.databind.node.ArrayNode kept = ((ObjectNode) app).arrayNode();
        for (JsonNode fallback : app.path("fallbacks")) {
            String providerId = fallback.path("providerId").asText("");
            String label = providerId + "/" + fallback.path("modelName").asText("");
            if (!model.isObject()) {
                notes.add("fallback model " + label + " left out: the app has no model");
            } else if (providers.find(providerId).isEmpty()) {
                notes.add(
                        "fallback model " + label + " left out: provider '" + providerId + "' is not on this gateway");
            } else if (providerId.equals(model.path("providerId").asText())
                    && fallback.path("modelName")
                            .asText("")
                            .equals(model.path("modelName").asText())) {
                notes.add("fallback model " + label + " left out: it is the app's model now");
            } else {
                kept.add(fallback);
            }
        }
        ((ObjectNode) app).set("fallbacks", kept);
    }

    /** Puts the chosen provider (and model name) into the app's and every model node's settings. */
    private static void chooseModel(JsonNode root, ModelChoice model) {
        if (model.providerId() == null) {
            return;
        }
        if (!root.path("app").isObject()) {
            return;
        }
        ObjectNode app = (ObjectNode) root.path("app");
        JsonNode current = app.path("model");
        ObjectNode settings = current.isObject() ? (ObjectNode) current : app.putObject("model");
        settings.put("providerId", model.providerId());
        if (model.modelName() != null) {
            settings.put("modelName", model.modelName());
        } else if (!settings.path("modelName").isTextual()) {
            throw new InvalidAppFileException("model.modelName is required: the file names no model");
        }
        for (JsonNode workflow : root.path("workflows")) {
            for (JsonNode node : workflow.path("graph").path("nodes")) {
                if (MODEL_NODES.contains(node.path("type").asText())
                        && node.path("config").isObject()) {
                    ObjectNode config = (ObjectNode) node.path("config");
                    config.put("provider", model.providerId());
                    config.put(
                            "model",
                            model.modelName() != null
                                    ? model.modelName()
                                    : settings.path("modelName").asText());
                }
            }
        }
    }

    private void requireProviders(AppFile file) {
        if (file.app().model() != null
                && providers.find(file.app().model().providerId()).isEmpty()) {
            throw new InvalidAppFileException("app.model.providerId '"
                    + file.app().model().providerId() + "' names no provider here; create it or give model.providerId");
        }
        if (file.app().followUps() != null
                && file.app().followUps().providerId() != null
                && providers.find(file.app().followUps().providerId()).isEmpty()) {
            throw new InvalidAppFileException(
                    "app.followUps.providerId '" + file.app().followUps().providerId() + "' names no provider here");
        }
    }

    private void requireWorkflowReferences(AppConfig app, Map<String, String> inFile) {
        List<String> named = new ArrayList<>(app.skills().workflows());
        if (app.skills().chatFlow() != null) {
            named.add(app.skills().chatFlow());
        }
        for (String ref : named) {
            if (!inFile.containsKey(ref)
                    && (workflows == null || workflows.store().find(ref).isEmpty())) {
                throw new InvalidAppFileException("app.skills names workflow '" + ref
                        + "', which is neither in the file's workflows nor on this gateway");
            }
        }
    }

    /** The app's configuration with the file's refs replaced by the ids created here. */
    private AppConfig rewrite(
            AppConfig app,
            Map<String, String> workflowIds,
            Map<String, String> toolIds,
            Map<String, String> knowledgeIds,
            List<String> notes) {
        ObjectNode tree = AppFileFormat.YAML.valueToTree(app);
        ObjectNode skills = (ObjectNode) tree.path("skills");
        replaceEach((ArrayNode) skills.path("workflows"), ref -> workflowIds.getOrDefault(ref, ref));
        if (skills.path("chatFlow").isTextual()) {
            skills.put(
                    "chatFlow",
                    workflowIds.getOrDefault(
                            skills.path("chatFlow").asText(),
                            skills.path("chatFlow").asText()));
        }
        replaceEach((ArrayNode) skills.path("tools"), tool -> {
            int slash = tool.indexOf('/');
            String provider = tool.substring(0, slash);
            return toolIds.getOrDefault(provider, provider) + tool.substring(slash);
        });
        if (tree.path("knowledge").isObject()) {
            ArrayNode ids = (ArrayNode) tree.path("knowledge").path("knowledgeBaseIds");
            List<String> kept = new ArrayList<>();
            for (JsonNode id : ids) {
                String mapped = knowledgeIds.get(id.asText());
                if (mapped != null) {
                    kept.add(mapped);
                } else if (knowledgeExists(id.asText())) {
                    kept.add(id.asText());
                } else {
                    notes.add("knowledge base '" + id.asText() + "' does not exist here: the link to it is dropped");
                }
            }
            if (kept.isEmpty()) {
                tree.remove("knowledge");
            } else {
                ids.removeAll();
                kept.forEach(ids::add);
            }
        }
        return AppFileFormat.read(wrap(tree)).app();
    }

    private boolean knowledgeExists(String id) {
        try {
            knowledge.base(id);
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private static ObjectNode wrap(ObjectNode app) {
        ObjectNode file = AppFileFormat.YAML.createObjectNode();
        file.put("kind", AppFile.KIND);
        file.put("version", AppFile.VERSION);
        file.set("app", app);
        return file;
    }

    private static void replaceEach(ArrayNode array, java.util.function.UnaryOperator<String> change) {
        for (int i = 0; i < array.size(); i++) {
            array.set(i, TextNode.valueOf(change.apply(array.get(i).asText())));
        }
    }

    private static void deleteQuietly(Runnable delete, RuntimeException original) {
        try {
            delete.run();
        } catch (RuntimeException e) {
            original.addSuppressed(e);
        }
    }
}
