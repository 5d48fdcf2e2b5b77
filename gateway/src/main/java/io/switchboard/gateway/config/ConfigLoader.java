package io.switchboard.gateway.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code switchboard.yaml} and applies environment overrides: every leaf {@code a.bC} can be set
 * by {@code SWITCHBOARD_A_B_C}. Errors name the key and what to fix.
 */
public final class ConfigLoader {
    public static final String ENV_PREFIX = "SWITCHBOARD_";

    private ConfigLoader() {}

    public static GatewayConfig load(Path file, Map<String, String> env) {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .registerModule(new JavaTimeModule())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        JsonNode tree;
        try {
            tree = yaml.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new ConfigException(
                    "cannot read configuration file " + file.toAbsolutePath() + ": " + e.getMessage());
        }
        if (!(tree instanceof ObjectNode root)) {
            throw new ConfigException(file + " must hold a YAML mapping");
        }
        applyEnvironment(root, "", env);
        try {
            return yaml.treeToValue(root, GatewayConfig.class);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException("unknown configuration key '" + path(e) + "' in " + file);
        } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
            String message = e.getCause() instanceof IllegalArgumentException
                    ? e.getCause().getMessage()
                    : e.getOriginalMessage() + " (at '" + path(e) + "')";
            throw new ConfigException("invalid configuration: " + message);
        } catch (IOException e) {
            throw new ConfigException("invalid configuration: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("invalid configuration: " + e.getMessage());
        }
    }

    private static void applyEnvironment(ObjectNode node, String prefix, Map<String, String> env) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            String path = prefix.isEmpty() ? name : prefix + "." + name;
            JsonNode child = node.get(name);
            if (child instanceof ObjectNode object) {
                applyEnvironment(object, path, env);
            } else {
                String value = env.get(envName(path));
                if (value != null) {
                    node.set(name, TextNode.valueOf(value));
                }
            }
        }
    }

    /** {@code security.masterKey} → {@code SWITCHBOARD_SECURITY_MASTER_KEY}. */
    public static String envName(String path) {
        return ENV_PREFIX
                + path.replaceAll("([a-z0-9])([A-Z])", "$1_$2")
                        .replace('.', '_')
                        .toUpperCase();
    }

    private static String path(com.fasterxml.jackson.databind.JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (Iterator<com.fasterxml.jackson.databind.JsonMappingException.Reference> it =
                        e.getPath().iterator();
                it.hasNext(); ) {
            var ref = it.next();
            if (out.length() > 0) {
                out.append('.');
            }
            out.append(ref.getFieldName() != null ? ref.getFieldName() : String.valueOf(ref.getIndex()));
        }
        return out.toString();
    }
}
