package io.switchboard.runtime.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code human-input}: the run pauses here until a person decides, through the admin API (or the link
 * sent to {@code notify: {bindingId, recipient}}, a staff member on WeCom or Telegram). {@code prompt}
 * (a template) says what to decide; {@code actions: [{id, label}]} are the choices, each a branch;
 * {@code fields: [{name, value: selector}]} are values the person may edit; after
 * {@code timeoutSeconds} the {@code timeout} branch is taken. A paused run holds no thread: it is stored
 * and resumed on whichever member gets the decision. Outputs {@code action}, {@code values} (the fields,
 * as edited), {@code comment} and {@code by}. Not allowed inside an iteration or loop body.
 */
final class HumanInputNode implements NodeKind {
    static final int MAX_TIMEOUT_SECONDS = 30 * 24 * 3600;

    @Override
    public Map<String, VarType> outputs(WorkflowNode node) {
        return Map.of(
                "action", VarType.STRING, "values", VarType.OBJECT, "comment", VarType.STRING, "by", VarType.STRING);
    }

    @Override
    public Set<String> branches(WorkflowNode node) {
        Set<String> branches = new LinkedHashSet<>();
        node.setting("actions").forEach(a -> branches.add(a.path("id").asText()));
        if (node.setting("timeoutSeconds").isNumber()) {
            branches.add(HumanDecision.TIMEOUT);
        }
        return branches;
    }

    @Override
    public void check(WorkflowNode node, Checker checker) {
        if (checker.nested()) {
            checker.error("type", "a run cannot pause inside an iteration or loop body");
        }
        checker.template("prompt", checker.requiredText(node, "prompt"));
        JsonNode actions = node.setting("actions");
        if (!actions.isArray() || actions.isEmpty()) {
            checker.error("actions", "must list at least one {id, label}");
        }
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < actions.size(); i++) {
            String id = actions.get(i).path("id").asText("");
            if (!id.matches("[A-Za-z0-9_-]{1,63}") || id.equals(HumanDecision.TIMEOUT) || !ids.add(id)) {
                checker.error("actions[" + i + "].id", "must be a unique name other than 'timeout'");
            }
        }
        JsonNode fields = node.setting("fields");
        for (int i = 0; i < fields.size(); i++) {
            if (!fields.get(i).path("name").asText("").matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
                checker.error("fields[" + i + "].name", "must be a variable name (letters, digits, '_')");
            }
            if (fields.get(i).hasNonNull("value")) {
                checker.reference(
                        "fields[" + i + "].value", fields.get(i).path("value").asText(null), null);
            }
        }
        JsonNode timeout = node.setting("timeoutSeconds");
        if (!timeout.isMissingNode()
                && (!timeout.isIntegralNumber() || timeout.asInt() < 1 || timeout.asLong() > MAX_TIMEOUT_SECONDS)) {
            checker.error("timeoutSeconds", "must be a whole number of seconds from 1 to " + MAX_TIMEOUT_SECONDS);
        }
        JsonNode notify = node.setting("notify");
        if (notifies(notify)
                && (notify.path("bindingId").asText("").isBlank()
                        || notify.path("recipient").asText("").isBlank())) {
            checker.error("notify", "must name the channel binding (bindingId) and the staff member (recipient)");
        }
    }

    /** A {@code notify} with both parts blank (a cleared form) is no notify at all. */
    private static boolean notifies(JsonNode notify) {
        return !notify.isMissingNode()
                && !notify.isNull()
                && !(notify.isObject()
                        && notify.path("bindingId").asText("").isBlank()
                        && notify.path("recipient").asText("").isBlank());
    }

    @Override
    public NodeResult run(WorkflowNode node, NodeContext context) {
        Map<String, Object> current = new LinkedHashMap<>();
        for (JsonNode field : node.setting("fields")) {
            current.put(
                    field.path("name").asText(),
                    field.hasNonNull("value")
                            ? context.variables().resolve(field.path("value").asText())
                            : null);
        }
        HumanDecision decision = context.scope().decisions().get(node.id());
        if (decision == null) {
            List<String> actions = new ArrayList<>();
            node.setting("actions").forEach(a -> actions.add(a.path("id").asText()));
            JsonNode timeout = node.setting("timeoutSeconds");
            JsonNode notify = node.setting("notify");
            throw new PauseRequest(
                    context.variables().render(node.setting("prompt").asText()),
                    actions,
                    current,
                    timeout.isNumber() ? Instant.now(context.scope().clock()).plusSeconds(timeout.asLong()) : null,
                    notifies(notify)
                            ? new PausedRun.Notify(
                                    notify.path("bindingId").asText(),
                                    notify.path("recipient").asText())
                            : null);
        }
        Map<String, Object> values = new HashMap<>(current);
        values.putAll(decision.values());
        Map<String, Object> outputs = new HashMap<>();
        outputs.put("action", decision.action());
        outputs.put("values", values);
        outputs.put("comment", decision.comment());
        outputs.put("by", decision.by());
        return new NodeResult(outputs, decision.action(), 0);
    }
}
