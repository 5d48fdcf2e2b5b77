package io.switchboard.runtime.knowledge;

/**
 * Text of an uploaded file through the parsers knowledge ingestion uses (plain text and Markdown
 * decoded directly, everything else through Tika). For callers outside knowledge, such as the
 * workflow document extractor. Blocking: call from a virtual thread. Thread-safe.
 */
public final class DocumentText {
    private final DocumentParser parser;

    private DocumentText(int maxChars) {
        this.parser = new DocumentParser(maxChars);
    }

    /** @param maxChars longer text is cut there */
    public static DocumentText create(int maxChars) {
        return new DocumentText(maxChars);
    }

    /**
     * @param name the file name (its extension helps detection), or null
     * @param mediaType the declared media type, or null
     * @throws IllegalArgumentException naming what is wrong with the file (empty, unreadable, no text)
     */
    public String extract(byte[] bytes, String name, String mediaType) {
        try {
            return parser.parse(bytes, name, mediaType, null).text();
        } catch (DocumentParser.ParseFailure e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }
}
