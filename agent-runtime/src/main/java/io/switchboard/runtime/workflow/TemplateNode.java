package io.switchboard.runtime.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.samskivert.mustache.BasicCollector;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code template}: renders {@code template}, a Mustache text ({@code {{name}}}, {@code {{#list}}…{{/list}}},
 * {@code {{^empty}}…{{/empty}}}, {@code {{a.b}}}), over {@code variables: {name: selector}}. Output
 * {@code output}. Sandboxed: the data is only maps, lists and plain values read through a collector that
 * never reflects on objects (no getters, fields or {@code getClass()}), partials have no loader (no file
 * access) and Mustache has no expressions to evaluate; output over {@link #MAX_OUTPUT} characters fails.
 */
final class TemplateNode implements NodeKind {
    static final int MAX_OUTPUT = 1_000_000;

    /** Maps, lists and arrays only: BasicCollector without DefaultCollector's reflection. */
    private static final class DataOnly extends BasicCollector {
        @Override
        public <K, V> Map<K, V> createFetcherCache() {
            return new ConcurrentHashMap<>();
        }
    }

    static final Mustache.Compiler COMPILER = Mustache.compiler()
            .withCollector(new DataOnly())
            .escapeHTML(false)
            .defaultValue("")
            .withFormatter(Variables::text)
            .withLoader(name -> {
                throw new MustacheException("partials ({{>" + name + "}}) are not available");
            });

    private final Cache<String, Template> compiled =
            Caffeine.newBuilder().maximumSize(1_000).build();

    @Override
    public Map<String, VarType> outputs(WorkflowNode node) {
        return Map.of("output", VarType.STRING);
    }

    @Override
    public void check(WorkflowNode node, Checker checker) {
        String template = checker.requiredText(node, "template");
        if (template != null) {
            try {
                COMPILER.compile(template);
            } catch (MustacheException e) {
                checker.error("template", "does not parse: " + e.getMessage());
            }
        }
        checkVariables(node, checker);
    }

    /** {@code variables: {name: selector}}, shared with the nodes that take named inputs. */
    static void checkVariables(WorkflowNode node, Checker checker) {
        JsonNode variables = node.setting("variables");
        if (variables.isMissingNode()) {
            return;
        }
        if (!variables.isObject()) {
            checker.error("variables", "must be an object of {name: node.field}");
            return;
        }
        variables.fields().forEachRemaining(v -> {
            if (!v.getKey().matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
                checker.error("variables." + v.getKey(), "must be a variable name (letters, digits, '_')");
            }
            checker.reference("variables." + v.getKey(), v.getValue().asText(null), null);
        });
    }

    static Map<String, Object> variables(WorkflowNode node, NodeContext context) {
        Map<String, Object> data = new HashMap<>();
        node.setting("variables")
                .fields()
                .forEachRemaining(v -> data.put(
                        v.getKey(), context.variables().resolve(v.getValue().asText())));
        return data;
    }

    @Override
    public NodeResult run(WorkflowNode node, NodeContext context) {
        Template template = compiled.get(node.setting("template").asText(), COMPILER::compile);
        String output;
        try {
            output = template.execute(variables(node, context));
        } catch (MustacheException e) {
            throw new WorkflowFailure("the template failed: " + e.getMessage());
        }
        if (output.length() > MAX_OUTPUT) {
            throw new WorkflowFailure("the template's output is longer than " + MAX_OUTPUT + " characters");
        }
        return NodeResult.of(Map.of("output", output));
    }
}
