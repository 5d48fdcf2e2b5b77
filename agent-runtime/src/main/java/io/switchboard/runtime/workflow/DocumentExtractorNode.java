package io.switchboard.runtime.workflow;

import io.switchboard.runtime.tool.ToolException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code document-extractor}: the text of the file (or array of files) {@code variable}, through the
 * parsers knowledge ingestion uses (Tika for PDF, Word, HTML...). A file is an object
 * {@code {name, mimeType, data}} with base64 {@code data}, or {@code {name, url}} fetched through the
 * SSRF guard, or a URL string. Outputs {@code text} (all files, separated by blank lines) and
 * {@code texts} (one per file).
 */
final class DocumentExtractorNode implements NodeKind {
    static final int MAX_FILE_BYTES = 20 * 1024 * 1024;
    static final int MAX_FILES = 20;

    @Override
    public Map<String, VarType> outputs(WorkflowNode node) {
        return Map.of("text", VarType.STRING, "texts", VarType.ARRAY);
    }

    @Override
    public void check(WorkflowNode node, Checker checker) {
        VarType type = checker.reference("variable", checker.requiredText(node, "variable"), null);
        if (type == VarType.NUMBER || type == VarType.BOOLEAN) {
            checker.error("variable", "must be a file object, an array of files or a URL, not a " + type.label());
        }
    }

    @Override
    public NodeResult run(WorkflowNode node, NodeContext context) {
        Object value = context.variables().resolve(node.setting("variable").asText());
        List<?> files = value instanceof List<?> list ? list : value == null ? List.of() : List.of(value);
        if (files.size() > MAX_FILES) {
            throw new WorkflowFailure("at most " + MAX_FILES + " files per node, got " + files.size());
        }
        List<Object> texts = new ArrayList<>();
        for (Object file : files) {
            texts.add(extract(file, context));
        }
        Map<String, Object> outputs = new HashMap<>();
        outputs.put("texts", texts);
        outputs.put(
                "text", String.join("\n\n", texts.stream().map(String::valueOf).toList()));
        return NodeResult.of(outputs);
    }

    private static String extract(Object file, NodeContext context) {
        String name = null;
        String mediaType = null;
        byte[] bytes;
        if (file instanceof String url) {
            bytes = download(url, context);
            name = url.replaceAll("[?#].*", "");
        } else if (file instanceof Map<?, ?> map) {
            name = map.get("name") instanceof String n ? n : null;
            mediaType = map.get("mimeType") instanceof String m ? m : null;
            if (map.get("data") instanceof String data) {
                try {
                    bytes = Base64.getMimeDecoder().decode(data);
                } catch (IllegalArgumentException e) {
                    throw new WorkflowFailure("file '" + name + "': data is not base64");
                }
            } else if (map.get("url") instanceof String url) {
                bytes = download(url, context);
            } else {
                throw new WorkflowFailure("file '" + name + "' has neither data (base64) nor url");
            }
        } else {
            throw new WorkflowFailure("a file must be {name, data} or {name, url} or a URL, got "
                    + VarType.of(file).label());
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw new WorkflowFailure("file '" + name + "' is larger than " + MAX_FILE_BYTES / (1024 * 1024) + " MB");
        }
        try {
            return context.services().documents().get().extract(bytes, name, mediaType);
        } catch (IllegalArgumentException e) {
            throw new WorkflowFailure("file '" + name + "': " + e.getMessage());
        }
    }

    private static byte[] download(String url, NodeContext context) {
        Duration left = Duration.between(Instant.now(context.scope().clock()), context.deadline());
        try {
            return context.services()
                    .http()
                    .download(url, left.isNegative() ? Duration.ofSeconds(1) : left, MAX_FILE_BYTES);
        } catch (ToolException e) {
            throw new WorkflowFailure("cannot fetch " + url + ": " + e.getMessage());
        }
    }
}
