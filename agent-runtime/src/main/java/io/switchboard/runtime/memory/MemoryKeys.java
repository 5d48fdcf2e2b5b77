package io.switchboard.runtime.memory;

/** How a conversation's memory is keyed: the debug chat's draft and the published app never share one. */
public final class MemoryKeys {
    private MemoryKeys() {}

    public static String of(String appId, boolean draft, String conversationId) {
        return (draft ? "draft:" : "live:") + appId + ":" + conversationId;
    }
}
