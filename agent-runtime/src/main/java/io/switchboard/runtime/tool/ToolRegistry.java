package io.switchboard.runtime.tool;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every tool the gateway knows, from all {@link ToolSource}s. Tools are referenced as
 * {@code providerId/toolName}. A source that fails is logged and skipped, so one unreachable MCP server
 * does not take the other tools away.
 */
public final class ToolRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(ToolRegistry.class);
    /** How long a turn may use a listing another turn made: custom tools and workflows live in the store. */
    private static final Duration LISTING_TTL = Duration.ofSeconds(2);

    private final List<ToolSource> sources = new CopyOnWriteArrayList<>();
    private final Cache<String, List<ToolProvider>> listing =
            Caffeine.newBuilder().expireAfterWrite(LISTING_TTL).maximumSize(1).build();

    private ToolRegistry() {}

    public static ToolRegistry create(List<ToolSource> sources) {
        ToolRegistry registry = new ToolRegistry();
        sources.forEach(registry::add);
        return registry;
    }

    /** Adds a source; for wiring that happens after construction (workflows need the registry first). */
    public void add(ToolSource source) {
        sources.add(source);
        listing.invalidateAll();
    }

    /** Every provider with its tools, listed now (the tool square). Blocking. */
    public List<ToolProvider> providers() {
        List<ToolProvider> all = new ArrayList<>();
        for (ToolSource source : sources) {
            try {
                all.addAll(source.providers());
            } catch (RuntimeException e) {
                LOG.warn("tool source {} failed: {}", source.getClass().getSimpleName(), e.toString());
            }
        }
        return all;
    }

    /** The tool {@code providerId/toolName}, if it exists (from the shared listing). Blocking. */
    public Optional<Tool> find(String reference) {
        return find(listing(), reference);
    }

    /** Forgets the shared listing, after an admin added or removed tools on this member. */
    public void changed() {
        listing.invalidateAll();
    }

    private List<ToolProvider> listing() {
        return listing.get("all", key -> providers());
    }

    /**
     * The tools behind {@code references}, keyed by the name the model sees. A reference that no longer
     * resolves is skipped (an admin may have deleted an import an app still names); a second tool with
     * a name already taken is skipped too, since the model could not tell them apart.
     */
    public Map<String, Tool> resolve(List<String> references) {
        Map<String, Tool> tools = new LinkedHashMap<>();
        if (references == null || references.isEmpty()) {
            return tools;
        }
        // Turns share a listing for a moment, so a busy app does not list the store's tools per message.
        List<ToolProvider> providers = listing();
        for (String reference : references) {
            Optional<Tool> tool = find(providers, reference);
            if (tool.isEmpty()) {
                LOG.warn("bound tool '{}' does not exist; skipped", reference);
                continue;
            }
            tools.putIfAbsent(tool.get().specification().name(), tool.get());
        }
        return tools;
    }

    private static Optional<Tool> find(List<ToolProvider> providers, String reference) {
        int slash = reference == null ? -1 : reference.indexOf('/');
        if (slash <= 0) {
            return Optional.empty();
        }
        String providerId = reference.substring(0, slash);
        String toolName = reference.substring(slash + 1);
        return providers.stream()
                .filter(p -> p.id().equals(providerId))
                .flatMap(p -> p.tools().stream())
                .filter(tool -> tool.id().equals(toolName))
                .findFirst();
    }
}
