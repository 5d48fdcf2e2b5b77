package io.switchboard.runtime.workflow;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * {@code iteration}: runs {@code body} (see {@link Body}) once per item of the array {@code items}, its
 * start getting {@code item}, {@code index} and the node's {@code inputs}. {@code mode}:
 * {@code sequential} (default) or {@code parallel} with at most {@code concurrency} items at once
 * (default 4, at most {@link #MAX_CONCURRENCY}). {@code onItemError}: {@code fail} (the node fails),
 * {@code skip} (the item is left out) or {@code null} (a null in its place). Outputs {@code output}, the
 * items' results in item order (an end's single output, or the object of its outputs), and
 * {@code errors}, {@code [{index, error}]}.
 */
final class IterationNode implements NodeKind {
    static final int MAX_ITEMS = 1_000;
    static final int MAX_CONCURRENCY = 16;

    @Override
    public Map<String, VarType> outputs(WorkflowNode node) {
        return Map.of("output", VarType.ARRAY, "errors", VarType.ARRAY);
    }

    private static Set<String> names(WorkflowNode node) {
        Set<String> names = new LinkedHashSet<>(List.of("item", "index"));
        names.addAll(Body.inputNames(node));
        return names;
    }

    @Override
    public void check(WorkflowNode node, Checker checker) {
        checker.reference("items", checker.requiredText(node, "items"), VarType.ARRAY);
        String mode = node.setting("mode").asText("sequential");
        if (!mode.equals("sequential") && !mode.equals("parallel")) {
            checker.error("mode", "must be sequential or parallel");
        }
        var concurrency = node.setting("concurrency");
        if (!concurrency.isMissingNode()
                && (!concurrency.isIntegralNumber()
                        || concurrency.asInt() < 1
                        || concurrency.asInt() > MAX_CONCURRENCY)) {
            checker.error("concurrency", "must be a whole number from 1 to " + MAX_CONCURRENCY);
        }
        String onItemError = node.setting("onItemError").asText("fail");
        if (!Set.of("fail", "skip", "null").contains(onItemError)) {
            checker.error("onItemError", "must be fail, skip or null");
        }
        Body.check(node, names(node), checker);
    }

    private record ItemResult(int index, Body.Pass pass) {}

    @Override
    public NodeResult run(WorkflowNode node, NodeContext context) throws InterruptedException {
        Object value = context.variables().resolve(node.setting("items").asText());
        if (value != null && !(value instanceof List<?>)) {
            throw new WorkflowFailure("'" + node.setting("items").asText() + "' is not an array");
        }
        List<?> items = value == null ? List.of() : (List<?>) value;
        if (items.size() > MAX_ITEMS) {
            throw new WorkflowFailure("at most " + MAX_ITEMS + " items, got " + items.size());
        }
        Plan plan = Body.plan(node, names(node));
        Map<String, Object> shared = Body.inputs(node, context);
        boolean parallel = node.setting("mode").asText("sequential").equals("parallel");
        int concurrency = parallel ? node.setting("concurrency").asInt(4) : 1;
        List<ItemResult> results = new ArrayList<>(items.size());
        if (concurrency == 1 || items.size() <= 1) {
            for (int i = 0; i < items.size(); i++) {
                results.add(new ItemResult(i, Body.run(plan, itemInputs(shared, items.get(i), i), context)));
            }
        } else {
            Semaphore permits = new Semaphore(concurrency);
            List<Future<ItemResult>> running = new ArrayList<>(items.size());
            try {
                for (int i = 0; i < items.size(); i++) {
                    int index = i;
                    permits.acquire();
                    running.add(context.scope().executor().submit(() -> {
                        try {
                            return new ItemResult(
                                    index, Body.run(plan, itemInputs(shared, items.get(index), index), context));
                        } finally {
                            permits.release();
                        }
                    }));
                }
                for (Future<ItemResult> future : running) {
                    results.add(future.get());
                }
            } catch (ExecutionException e) {
                throw new WorkflowFailure("an item failed: " + e.getCause());
            } finally {
                running.forEach(f -> f.cancel(true));
            }
        }
        return collect(node, results);
    }

    private static Map<String, Object> itemInputs(Map<String, Object> shared, Object item, int index) {
        Map<String, Object> inputs = new HashMap<>(shared);
        inputs.put("item", item);
        inputs.put("index", index);
        return inputs;
    }

    private static NodeResult collect(WorkflowNode node, List<ItemResult> results) {
        String onItemError = node.setting("onItemError").asText("fail");
        List<Object> output = new ArrayList<>(results.size());
        List<Object> errors = new ArrayList<>();
        List<NodeTrace> children = new ArrayList<>();
        int tokens = 0;
        for (ItemResult result : results) {
            Execution.Outcome outcome = result.pass().outcome();
            tokens += outcome.tokens();
            Body.collect(node.id() + "[" + result.index() + "].", result.pass().traces(), children);
            if (outcome.status() == WorkflowRun.Status.SUCCEEDED) {
                output.add(Body.result(outcome.outputs()));
                continue;
            }
            String error = outcome.error();
            if (onItemError.equals("fail")) {
                throw new WorkflowFailure("item " + result.index() + " failed: " + error);
            }
            errors.add(Map.of("index", result.index(), "error", String.valueOf(error)));
            if (onItemError.equals("null")) {
                output.add(null);
            }
        }
        Map<String, Object> outputs = new HashMap<>();
        outputs.put("output", output);
        outputs.put("errors", errors);
        return new NodeResult(outputs, null, tokens, children);
    }
}
