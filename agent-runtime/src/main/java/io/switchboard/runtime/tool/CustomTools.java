package io.switchboard.runtime.tool;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.runtime.NotFoundException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admin-registered tools: OpenAPI imports and MCP servers. Registration validates (the document parses,
 * the server answers) before anything is stored; settings with their secrets are sealed by the store.
 * Built providers are cached per stored provider, so a turn does not re-parse documents or reconnect.
 */
public final class CustomTools implements ToolSource, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CustomTools.class);
    private static final int DOCUMENT_BYTES = 4 * 1024 * 1024;

    private final ToolProviderStore store;
    private final OutboundHttp http;
    private final UrlGuard guard;
    private final boolean allowLocalCommands;
    private final Map<String, ToolProvider> built = new ConcurrentHashMap<>();
    private final Map<String, McpConnection> connections = new ConcurrentHashMap<>();
    /** Unreachable MCP servers are retried after this long, so a dead server does not stall every turn. */
    private static final long RETRY_NANOS = Duration.ofSeconds(30).toNanos();

    private final Map<String, Long> unreachableSince = new ConcurrentHashMap<>();

    private CustomTools(ToolProviderStore store, OutboundHttp http, boolean allowLocalCommands) {
        this.store = store;
        this.http = http;
        this.guard = http.guard();
        this.allowLocalCommands = allowLocalCommands;
    }

    /**
     * @param http the guarded client for OpenAPI calls and document fetches; its policy also checks MCP URLs
     * @param allowLocalCommands whether MCP servers may be local processes (stdio)
     */
    public static CustomTools create(ToolProviderStore store, OutboundHttp http, boolean allowLocalCommands) {
        return new CustomTools(Objects.requireNonNull(store), Objects.requireNonNull(http), allowLocalCommands);
    }

    /**
     * Imports an OpenAPI document.
     *
     * @throws InvalidToolProviderException why the document cannot be imported
     */
    public ToolProvider importOpenApi(OpenApiImportRequest request) {
        String document = request.document();
        if (document == null) {
            OutboundHttp.Response response;
            try {
                response = http.send(
                        "GET",
                        request.documentUrl(),
                        Map.of("Accept", "application/json, application/yaml, */*"),
                        null,
                        Duration.ofSeconds(20),
                        DOCUMENT_BYTES);
            } catch (ToolException e) {
                throw new InvalidToolProviderException("cannot fetch the document: " + e.getMessage());
            }
            if (response.status() >= 400) {
                throw new InvalidToolProviderException("fetching the document answered HTTP " + response.status());
            }
            document = response.body();
        }
        OpenApiSettings settings =
                new OpenApiSettings(document, request.documentUrl(), request.baseUrl(), request.auth());
        build("pending", request.name(), request.description(), settings); // validates before storing
        StoredToolProvider stored = store.create("openapi", request.name(), request.description(), settings.toJson());
        return provider(stored);
    }

    /**
     * Registers an MCP server after connecting to it and listing its tools.
     *
     * @throws InvalidToolProviderException when local commands are not allowed, the URL is refused or the server does not answer
     */
    public ToolProvider registerMcp(McpServerRequest request) {
        if (request.transport() == McpServerRequest.Transport.STDIO && !allowLocalCommands) {
            throw new InvalidToolProviderException(
                    "local MCP commands are disabled; an administrator can allow them with skills.mcp.allowLocalCommands");
        }
        McpConnection connection = McpConnection.open(request, guard);
        StoredToolProvider stored;
        try {
            stored = store.create("mcp", request.name(), request.description(), McpSettings.toJson(request));
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
        connections.put(stored.id(), connection);
        return provider(stored);
    }

    @Override
    public List<ToolProvider> providers() {
        List<ToolProvider> providers = new ArrayList<>();
        for (StoredToolProvider stored : store.list()) {
            Long failed = unreachableSince.get(stored.id());
            if (failed != null && System.nanoTime() - failed < RETRY_NANOS) {
                continue;
            }
            try {
                providers.add(provider(stored));
                unreachableSince.remove(stored.id());
            } catch (RuntimeException e) {
                unreachableSince.put(stored.id(), System.nanoTime());
                LOG.warn("tool provider {} is unavailable: {}", stored.id(), e.getMessage());
            }
        }
        return providers;
    }

    /**
     * Calls one tool with {@code argumentsJson}, as the model would.
     *
     * @throws NotFoundException when the provider or tool does not exist
     * @throws ToolException when the call failed (the message says why)
     */
    public String testCall(String providerId, String toolName, String argumentsJson) {
        StoredToolProvider stored = store.find(providerId)
                .orElseThrow(() -> new NotFoundException("tool provider '" + providerId + "' not found"));
        Tool tool = provider(stored).tools().stream()
                .filter(t -> t.id().equals(toolName))
                .findFirst()
                .orElseThrow(() ->
                        new NotFoundException("tool '" + toolName + "' not found in provider '" + providerId + "'"));
        return tool.execute(argumentsJson);
    }

    /**
     * The definition of provider {@code providerId} without its secrets, for an app file; empty when it
     * does not exist.
     */
    public java.util.Optional<ToolDefinition> definition(String providerId) {
        return store.find(providerId).map(stored -> switch (stored.kind()) {
            case "openapi" -> {
                OpenApiSettings settings = OpenApiSettings.fromJson(stored.settingsJson());
                yield new ToolDefinition(
                        stored.id(),
                        "openapi",
                        stored.name(),
                        stored.description(),
                        settings.documentUrl() == null ? settings.document() : null,
                        settings.documentUrl(),
                        settings.baseUrl(),
                        null,
                        null,
                        null);
            }
            case "mcp" -> {
                McpServerRequest request = McpSettings.fromJson(stored.settingsJson(), stored.name());
                yield new ToolDefinition(
                        stored.id(),
                        "mcp",
                        stored.name(),
                        stored.description(),
                        null,
                        null,
                        null,
                        request.transport().wireName(),
                        request.url(),
                        request.command());
            }
            default -> throw new IllegalStateException("unknown tool provider kind " + stored.kind());
        });
    }

    /**
     * Registers {@code definition} as a new provider without credentials (validated like
     * {@link #importOpenApi} and {@link #registerMcp}).
     *
     * @throws InvalidToolProviderException why it cannot be registered
     * @throws IllegalArgumentException when the definition is incomplete
     */
    public ToolProvider register(ToolDefinition definition) {
        return switch (definition.kind()) {
            case "openapi" ->
                importOpenApi(new OpenApiImportRequest(
                        definition.name(),
                        definition.description(),
                        definition.document(),
                        definition.documentUrl(),
                        definition.baseUrl(),
                        ToolAuth.NONE));
            default ->
                registerMcp(new McpServerRequest(
                        definition.name(),
                        definition.description(),
                        definition.transport() == null
                                ? null
                                : McpServerRequest.Transport.parse(definition.transport()),
                        definition.url(),
                        null,
                        definition.command()));
        };
    }

    /** True when it existed; its MCP connection is closed. */
    public boolean delete(String providerId) {
        boolean existed = store.delete(providerId);
        built.remove(providerId);
        unreachableSince.remove(providerId);
        McpConnection connection = connections.remove(providerId);
        if (connection != null) {
            connection.close();
        }
        return existed;
    }

    private ToolProvider provider(StoredToolProvider stored) {
        return built.computeIfAbsent(stored.id(), id -> switch (stored.kind()) {
            case "openapi" ->
                build(id, stored.name(), stored.description(), OpenApiSettings.fromJson(stored.settingsJson()));
            case "mcp" -> {
                McpConnection connection = connections.computeIfAbsent(
                        id,
                        key -> McpConnection.open(McpSettings.fromJson(stored.settingsJson(), stored.name()), guard));
                yield new ToolProvider(id, "mcp", stored.name(), stored.description(), connection.tools());
            }
            default -> throw new IllegalStateException("unknown tool provider kind " + stored.kind());
        });
    }

    private ToolProvider build(String id, String name, String description, OpenApiSettings settings) {
        JsonNode root = OpenApiParser.read(settings.document());
        List<OpenApiOperation> operations = OpenApiParser.operations(root);
        String baseUrl = settings.baseUrl();
        if (baseUrl == null) {
            String server = OpenApiParser.serverUrl(root);
            if (server == null && settings.documentUrl() == null) {
                throw new InvalidToolProviderException("the document names no server; give baseUrl");
            }
            baseUrl = settings.documentUrl() == null
                    ? server
                    : URI.create(settings.documentUrl())
                            .resolve(server == null ? "/" : server)
                            .toString();
        }
        if (!baseUrl.startsWith("http://") && !baseUrl.startsWith("https://")) {
            throw new InvalidToolProviderException("the server URL '" + baseUrl + "' is not absolute; give baseUrl");
        }
        String base = baseUrl;
        List<Tool> tools = operations.stream()
                .map(operation -> (Tool) new OpenApiTool(operation, base, settings.auth(), http))
                .toList();
        return new ToolProvider(id, "openapi", name, description, tools);
    }

    @Override
    public void close() {
        connections.values().forEach(McpConnection::close);
        connections.clear();
    }

    /** What an OpenAPI provider stores (sealed). */
    record OpenApiSettings(String document, String documentUrl, String baseUrl, ToolAuth auth) {
        String toJson() {
            try {
                return ToolArguments.JSON.writeValueAsString(this);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        static OpenApiSettings fromJson(String json) {
            try {
                return ToolArguments.JSON.readValue(json, OpenApiSettings.class);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("stored OpenAPI settings cannot be read");
            }
        }
    }

    /** What an MCP provider stores (sealed): the registration without name and description. */
    static final class McpSettings {
        private McpSettings() {}

        static String toJson(McpServerRequest request) {
            try {
                return ToolArguments.JSON.writeValueAsString(request);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        static McpServerRequest fromJson(String json, String name) {
            try {
                return ToolArguments.JSON.readValue(json, McpServerRequest.class);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("stored MCP settings of '" + name + "' cannot be read");
            }
        }
    }
}
