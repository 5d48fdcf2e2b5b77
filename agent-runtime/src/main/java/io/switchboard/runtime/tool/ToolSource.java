package io.switchboard.runtime.tool;

import java.util.List;

/** Where tool providers come from: the built-ins, the OpenAPI imports, the MCP servers, the workflows. */
@FunctionalInterface
public interface ToolSource {
    /** The providers available now. Blocking (may read a store or ask a remote server): virtual thread. */
    List<ToolProvider> providers();
}
