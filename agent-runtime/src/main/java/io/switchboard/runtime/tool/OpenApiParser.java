package io.switchboard.runtime.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads an OpenAPI 3 document (JSON or YAML) into operations with JSON-schema parameters. Local
 * {@code $ref}s are followed (depth-limited); anything that cannot become a callable tool is refused
 * with the reason.
 */
final class OpenApiParser {
    static final int MAX_OPERATIONS = 200;
    private static final int MAX_DEPTH = 12;
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete", "head");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final JsonNode root;

    private OpenApiParser(JsonNode root) {
        this.root = root;
    }

    static JsonNode read(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidToolProviderException("the OpenAPI document is empty");
        }
        JsonNode root;
        try {
            // YAML is a superset of JSON: one parser reads both.
            root = YAML.readTree(text);
        } catch (Exception e) {
            throw new InvalidToolProviderException("the document is neither JSON nor YAML: "
                    + e.getMessage().lines().findFirst().orElse("parse error"));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidToolProviderException("the document must be a JSON or YAML object");
        }
        if (!root.path("openapi").asText("").startsWith("3.")) {
            throw new InvalidToolProviderException(
                    root.has("swagger")
                            ? "Swagger 2 documents are not supported; convert it to OpenAPI 3"
                            : "field 'openapi' must be a 3.x version");
        }
        return root;
    }

    /** The document's first server URL, or null. */
    static String serverUrl(JsonNode root) {
        JsonNode url = root.path("servers").path(0).path("url");
        return url.isTextual() && !url.asText().isBlank() ? url.asText() : null;
    }

    static List<OpenApiOperation> operations(JsonNode root) {
        return new OpenApiParser(root).operations();
    }

    private List<OpenApiOperation> operations() {
        JsonNode paths = root.path("paths");
        if (!paths.isObject() || paths.isEmpty()) {
            throw new InvalidToolProviderException("the document has no paths");
        }
        List<OpenApiOperation> operations = new ArrayList<>();
        Set<String> names = new HashSet<>();
        paths.fields().forEachRemaining(path -> {
            JsonNode item = deref(path.getValue(), "paths." + path.getKey());
            item.fields().forEachRemaining(entry -> {
                String method = entry.getKey().toLowerCase(Locale.ROOT);
                if (!METHODS.contains(method)) {
                    return;
                }
                OpenApiOperation operation = operation(path.getKey(), method, item, entry.getValue());
                if (!names.add(operation.name())) {
                    throw new InvalidToolProviderException("operation name '" + operation.name() + "' is used twice");
                }
                operations.add(operation);
            });
        });
        if (operations.isEmpty()) {
            throw new InvalidToolProviderException("the document has no operations");
        }
        if (operations.size() > MAX_OPERATIONS) {
            throw new InvalidToolProviderException("the document has more than " + MAX_OPERATIONS + " operations");
        }
        return operations;
    }

    private OpenApiOperation operation(String path, String method, JsonNode item, JsonNode operation) {
        String where = method.toUpperCase(Locale.ROOT) + " " + path;
        String name = operation.path("operationId").asText("");
        if (name.isBlank()) {
            name = method + "_" + path.replaceAll("[^A-Za-z0-9]+", "_");
        }
        name = name.replaceAll("[^A-Za-z0-9_-]", "_").replaceAll("_+$", "");
        if (name.length() > 64) {
            name = name.substring(0, 64);
        }
        String description = operation.path("summary").asText("");
        if (operation.path("description").isTextual()) {
            description = (description + "\n" + operation.path("description").asText()).strip();
        }
        if (description.isBlank()) {
            description = where;
        }
        JsonObjectSchema.Builder schema = JsonObjectSchema.builder();
        List<String> required = new ArrayList<>();
        List<OpenApiOperation.Parameter> parameters = new ArrayList<>();
        List<JsonNode> declared = new ArrayList<>();
        item.path("parameters").forEach(declared::add);
        operation.path("parameters").forEach(declared::add);
        for (JsonNode raw : declared) {
            JsonNode parameter = deref(raw, where + " parameters");
            String in = parameter.path("in").asText("");
            String parameterName = parameter.path("name").asText("");
            if (parameterName.isBlank() || !Set.of("path", "query", "header").contains(in)) {
                if (in.equals("cookie")) {
                    continue;
                }
                throw new InvalidToolProviderException(
                        where + ": a parameter needs a name and 'in' of path, query or header");
            }
            boolean isRequired = in.equals("path") || parameter.path("required").asBoolean(false);
            parameters.removeIf(p -> p.name().equals(parameterName) && p.in().equals(in));
            parameters.add(new OpenApiOperation.Parameter(parameterName, in, isRequired));
            schema.addProperty(
                    parameterName,
                    element(
                            parameter.path("schema"),
                            parameter.path("description").asText(null),
                            0,
                            where + " parameter " + parameterName));
            if (isRequired) {
                required.add(parameterName);
            }
        }
        boolean hasBody = false;
        JsonNode body = deref(operation.path("requestBody"), where + " requestBody");
        if (!body.isMissingNode()) {
            JsonNode content = body.path("content").path("application/json").path("schema");
            if (content.isMissingNode()) {
                throw new InvalidToolProviderException(where + ": only application/json request bodies are supported");
            }
            hasBody = true;
            schema.addProperty("body", element(content, "the JSON request body", 0, where + " requestBody"));
            if (body.path("required").asBoolean(false)) {
                required.add("body");
            }
        }
        return new OpenApiOperation(
                name,
                description,
                method.toUpperCase(Locale.ROOT),
                path,
                List.copyOf(parameters),
                hasBody,
                schema.required(required).build());
    }

    private JsonSchemaElement element(JsonNode raw, String description, int depth, String where) {
        if (depth > MAX_DEPTH) {
            return JsonObjectSchema.builder().description(description).build();
        }
        JsonNode node = deref(raw, where);
        String text =
                description != null ? description : node.path("description").asText(null);
        if (node.path("enum").isArray() && !node.path("enum").isEmpty()) {
            List<String> values = new ArrayList<>();
            node.path("enum").forEach(v -> values.add(v.asText()));
            return JsonEnumSchema.builder().enumValues(values).description(text).build();
        }
        String type = node.path("type").isArray()
                ? node.path("type").path(0).asText()
                : node.path("type").asText("");
        if (type.isEmpty() && node.has("properties")) {
            type = "object";
        }
        return switch (type) {
            case "integer" -> JsonIntegerSchema.builder().description(text).build();
            case "number" -> JsonNumberSchema.builder().description(text).build();
            case "boolean" -> JsonBooleanSchema.builder().description(text).build();
            case "array" ->
                JsonArraySchema.builder()
                        .description(text)
                        .items(element(node.path("items"), null, depth + 1, where))
                        .build();
            case "object" -> {
                JsonObjectSchema.Builder object = JsonObjectSchema.builder().description(text);
                node.path("properties")
                        .fields()
                        .forEachRemaining(p -> object.addProperty(
                                p.getKey(), element(p.getValue(), null, depth + 1, where + "." + p.getKey())));
                List<String> required = new ArrayList<>();
                node.path("required").forEach(r -> required.add(r.asText()));
                yield object.required(required).build();
            }
            default -> JsonStringSchema.builder().description(text).build();
        };
    }

    /** Follows local {@code #/...} references; anything else is refused. */
    private JsonNode deref(JsonNode node, String where) {
        for (int hops = 0; node.has("$ref"); hops++) {
            String ref = node.path("$ref").asText();
            if (hops > MAX_DEPTH || !ref.startsWith("#/")) {
                throw new InvalidToolProviderException(
                        where + ": only local references (#/...) are supported, got '" + ref + "'");
            }
            JsonNode target = root.at(ref.substring(1));
            if (target.isMissingNode()) {
                throw new InvalidToolProviderException(where + ": reference '" + ref + "' does not resolve");
            }
            node = target;
        }
        return node;
    }
}
