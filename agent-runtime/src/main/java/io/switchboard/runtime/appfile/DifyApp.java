package io.switchboard.runtime.appfile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.runtime.workflow.DifyImport;
import java.util.List;

/**
 * A Dify app DSL ({@code kind: app}) as an app file: a chat, agent-chat or completion app becomes the
 * app's prompt, opening statement, suggested questions, prompt variables and model; an advanced-chat or
 * workflow app's graph goes through {@link DifyImport} and answers as the app's chat flow. What has no
 * counterpart is named in the notes.
 */
final class DifyApp {
    static final String WORKFLOW_REF = "dify-workflow";

    private DifyApp() {}

    /** True when {@code root} looks like a Dify app export. */
    static boolean matches(JsonNode root) {
        return "app".equals(root.path("kind").asText())
                && root.path("app").path("mode").isTextual();
    }

    /**
     * @param yaml the export's text (the workflow importer reads it again)
     * @param providerId the provider the app's model and LLM nodes get, or null (the app is offline)
     */
    static AppFile convert(JsonNode root, String yaml, String providerId, List<String> notes) {
        JsonNode app = root.path("app");
        String mode = app.path("mode").asText();
        ObjectNode config = AppFileFormat.YAML.createObjectNode();
        config.put("name", truncate(app.path("name").asText("Imported Dify app"), 100));
        config.put("description", truncate(app.path("description").asText(""), 2000));
        if ("emoji".equals(app.path("icon_type").asText("emoji"))
                && app.path("icon").isTextual()) {
            String icon = app.path("icon").asText();
            if (icon.codePointCount(0, icon.length()) <= 16) {
                config.put("icon", icon);
            }
        }
        ArrayNode workflows = AppFileFormat.YAML.createArrayNode();
        JsonNode features;
        switch (mode) {
            case "chat", "agent-chat", "completion" -> {
                JsonNode model = root.path("model_config");
                config.put("systemPrompt", model.path("pre_prompt").asText(""));
                features = model;
                variables(model.path("user_input_form"), config);
                model(model.path("model"), providerId, config, notes);
                if (model.path("agent_mode").path("enabled").asBoolean(false)
                        && !model.path("agent_mode").path("tools").isEmpty()) {
                    notes.add("agent_mode.tools: Dify tools are not carried over; bind tools in skills.tools");
                }
                if (!model.path("dataset_configs")
                        .path("datasets")
                        .path("datasets")
                        .isEmpty()) {
                    notes.add("dataset_configs: Dify knowledge bases are not carried over; link a knowledge base");
                }
            }
            case "advanced-chat", "workflow" -> {
                DifyImport.Result imported;
                try {
                    imported = DifyImport.read(yaml, providerId);
                } catch (IllegalArgumentException e) {
                    throw new InvalidAppFileException("workflow: " + e.getMessage());
                }
                imported.unmapped().forEach(line -> notes.add("workflow: " + line));
                ObjectNode workflow = workflows.addObject();
                workflow.put("ref", WORKFLOW_REF);
                workflow.put("name", truncate(imported.name(), 200));
                workflow.set("graph", AppFileFormat.YAML.valueToTree(imported.graph()));
                config.putObject("skills").put("chatFlow", WORKFLOW_REF);
                features = root.path("workflow").path("features");
                if ("workflow".equals(mode)) {
                    notes.add("app.mode workflow: the workflow answers every message as the app's chat flow"
                            + " (its start node gets query, history, conversation_id)");
                }
                if (providerId == null) {
                    notes.add("no providerId was given: LLM nodes keep Dify's provider names until edited");
                }
            }
            default ->
                throw new InvalidAppFileException("app.mode '" + mode
                        + "' is not a Dify app mode (chat, agent-chat, completion, advanced-chat," + " workflow)");
        }
        config.put("openingStatement", features.path("opening_statement").asText(""));
        ArrayNode questions = config.putArray("suggestedQuestions");
        for (JsonNode question : features.path("suggested_questions")) {
            if (question.isTextual() && !question.asText().isBlank() && questions.size() < 3) {
                questions.add(question.asText());
            } else if (question.isTextual() && !question.asText().isBlank()) {
                notes.add("suggested_questions: only the first 3 are kept");
            }
        }
        if (features.path("suggested_questions_after_answer").path("enabled").asBoolean(false)) {
            config.putObject("followUps").put("count", 3);
        }
        if (features.path("sensitive_word_avoidance").path("enabled").asBoolean(false)) {
            notes.add("sensitive_word_avoidance: set up moderation for the app instead");
        }
        ObjectNode file = AppFileFormat.YAML.createObjectNode();
        file.put("kind", AppFile.KIND);
        file.put("version", AppFile.VERSION);
        file.set("app", config);
        file.set("workflows", workflows);
        return AppFileFormat.read(file);
    }

    private static void variables(JsonNode form, ObjectNode config) {
        ObjectNode variables = config.putObject("variables");
        for (JsonNode entry : form) {
            entry.fields().forEachRemaining(field -> {
                JsonNode variable = field.getValue();
                if (variable.path("variable").isTextual()) {
                    variables.put(
                            variable.path("variable").asText(),
                            variable.path("default").asText(""));
                }
            });
        }
    }

    private static void model(JsonNode model, String providerId, ObjectNode config, List<String> notes) {
        if (!model.path("name").isTextual()) {
            return;
        }
        if (providerId == null) {
            notes.add("model: " + model.path("provider").asText("?") + "/"
                    + model.path("name").asText()
                    + " is not carried over without a providerId; the app answers offline from Q&A pairs");
            return;
        }
        ObjectNode settings = config.putObject("model");
        settings.put("providerId", providerId);
        settings.put("modelName", model.path("name").asText());
        JsonNode params = model.path("completion_params");
        if (params.path("temperature").isNumber()) {
            settings.put("temperature", params.path("temperature").asDouble());
        }
        if (params.path("max_tokens").canConvertToInt()
                && params.path("max_tokens").isNumber()) {
            settings.put("maxTokens", params.path("max_tokens").asInt());
        }
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
