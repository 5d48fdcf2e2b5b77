package io.switchboard.runtime.appfile;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** The YAML form of {@link AppFile}: written with the app's fields in order, read strictly. */
final class AppFileFormat {
    /** Larger files are refused before parsing. */
    static final int MAX_CHARS = 4_000_000;

    static final ObjectMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private AppFileFormat() {}

    static String write(AppFile file) {
        try {
            return YAML.writeValueAsString(file);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the app file: " + e.getOriginalMessage());
        }
    }

    /** The YAML tree of {@code text}. @throws InvalidAppFileException when it is not a YAML object */
    static JsonNode tree(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidAppFileException("the file is empty");
        }
        if (text.length() > MAX_CHARS) {
            throw new InvalidAppFileException("the file is larger than " + MAX_CHARS + " characters");
        }
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidAppFileException("the file is not YAML: "
                    + String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidAppFileException("the file must be a YAML mapping (an object)");
        }
        return root;
    }

    /** Binds {@code root} (a Switchboard app file) strictly. */
    static AppFile read(JsonNode root) {
        try {
            return YAML.treeToValue(root, AppFile.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw translate(e);
        }
    }

    /** A binding failure as the field it happened at and why. */
    static InvalidAppFileException translate(Exception e) {
        String path = e instanceof JsonMappingException mapping ? path(mapping) : "";
        String reason;
        if (e instanceof UnrecognizedPropertyException unknown) {
            reason = "unknown field '" + unknown.getPropertyName() + "'";
        } else if (rootCause(e) instanceof IllegalArgumentException invalid && invalid != e) {
            reason = invalid.getMessage();
        } else if (e instanceof IllegalArgumentException invalid) {
            reason = invalid.getMessage();
        } else if (e instanceof JsonProcessingException json) {
            reason = String.valueOf(json.getOriginalMessage())
                    .lines()
                    .findFirst()
                    .orElse("");
            int at = reason.indexOf(" (for ");
            reason = at > 0 ? reason.substring(0, at) : reason;
        } else {
            reason = e.getClass().getSimpleName();
        }
        return new InvalidAppFileException(path.isEmpty() ? reason : path + ": " + reason);
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
