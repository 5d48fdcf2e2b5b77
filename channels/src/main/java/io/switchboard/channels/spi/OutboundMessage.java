package io.switchboard.channels.spi;

/** What a turn sends back to a channel. Adapters {@code switch} over the permitted types. */
public sealed interface OutboundMessage {
    /** A fragment of a streamed answer, in order. */
    record StreamChunk(String delta) implements OutboundMessage {}

    /** A complete plain-text answer. */
    record Text(String text) implements OutboundMessage {}

    /** A complete answer in Markdown. */
    record Markdown(String markdown) implements OutboundMessage {}
}
