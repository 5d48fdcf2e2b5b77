package io.switchboard.runtime.knowledge;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.exception.WriteLimitReachedException;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.sax.BodyContentHandler;
import org.apache.tika.sax.Link;
import org.apache.tika.sax.LinkContentHandler;
import org.apache.tika.sax.TeeContentHandler;
import org.apache.tika.sax.WriteOutContentHandler;
import org.xml.sax.SAXException;

/**
 * Extracts text (and, for HTML, links and title) with Apache Tika: txt, md, html, pdf, docx, xlsx, csv and
 * whatever else Tika knows. Plain text and Markdown are decoded directly (UTF-8, else GB18030, common for
 * Chinese files) so their line structure survives. Every failure becomes a {@link ParseFailure} whose
 * message tells the user what is wrong with the file.
 */
final class DocumentParser {
    /** A reason the document cannot be ingested, fit to show the user. */
    static final class ParseFailure extends RuntimeException {
        ParseFailure(String message) {
            super(message, null, false, false);
        }
    }

    record Parsed(String text, String mediaType, String title, List<URI> links) {}

    private final int maxChars;
    private final AutoDetectParser parser = new AutoDetectParser();

    DocumentParser(int maxChars) {
        this.maxChars = maxChars;
    }

    Parsed parse(byte[] bytes, String name, String declaredType, URI base) {
        if (bytes.length == 0) {
            throw new ParseFailure("the file is empty");
        }
        String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
        boolean plain = lower.endsWith(".txt")
                || lower.endsWith(".md")
                || lower.endsWith(".markdown")
                || (declaredType != null
                        && (declaredType.startsWith("text/plain") || declaredType.startsWith("text/markdown")));
        if (plain && !looksBinary(bytes)) {
            String text = decode(bytes);
            requireSize(text);
            return new Parsed(
                    text,
                    lower.endsWith(".md") || lower.endsWith(".markdown") ? "text/markdown" : "text/plain",
                    null,
                    List.of());
        }
        Metadata metadata = new Metadata();
        if (name != null) {
            metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, name);
        }
        if (declaredType != null) {
            metadata.set(Metadata.CONTENT_TYPE, declaredType);
        }
        // Headings, tables and code survive as Markdown, for structure-aware chunking.
        XhtmlToMarkdown markdown = new XhtmlToMarkdown();
        BodyContentHandler body = new BodyContentHandler(new WriteOutContentHandler(markdown, maxChars));
        LinkContentHandler links = new LinkContentHandler();
        try {
            parser.parse(
                    new ByteArrayInputStream(bytes), new TeeContentHandler(body, links), metadata, new ParseContext());
        } catch (EncryptedDocumentException e) {
            throw new ParseFailure(
                    "the file is encrypted (password protected); remove the password and upload it again");
        } catch (SAXException e) {
            if (WriteLimitReachedException.isWriteLimitReached(e)) {
                throw new ParseFailure("the file holds more than " + maxChars + " characters of text; split it into"
                        + " smaller files");
            }
            throw new ParseFailure("the file could not be read: " + reason(e));
        } catch (TikaException e) {
            if (e.getCause() instanceof EncryptedDocumentException
                    || String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("encrypt")) {
                throw new ParseFailure(
                        "the file is encrypted (password protected); remove the password and upload it" + " again");
            }
            throw new ParseFailure("the file is damaged or not a " + describe(metadata) + " file: " + reason(e));
        } catch (IOException | RuntimeException e) {
            throw new ParseFailure("the file could not be read: " + reason(e));
        }
        String text = markdown.markdown();
        if (text.isBlank()) {
            throw new ParseFailure(
                    "no text found in the file (a scanned PDF or image needs OCR, which is not enabled)");
        }
        List<URI> found = new ArrayList<>();
        if (base != null) {
            for (Link link : links.getLinks()) {
                if (link.isAnchor() && link.getUri() != null && !link.getUri().isBlank()) {
                    try {
                        found.add(base.resolve(link.getUri().strip().replace(" ", "%20")));
                    } catch (IllegalArgumentException ignored) {
                        // a malformed href is not worth failing the page for
                    }
                }
            }
        }
        return new Parsed(text, metadata.get(Metadata.CONTENT_TYPE), metadata.get(TikaCoreProperties.TITLE), found);
    }

    private void requireSize(String text) {
        if (text.length() > maxChars) {
            throw new ParseFailure(
                    "the file holds more than " + maxChars + " characters of text; split it into smaller" + " files");
        }
        if (text.isBlank()) {
            throw new ParseFailure("the file holds no text");
        }
    }

    private static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString()
                    .replace("\uFEFF", "");
        } catch (CharacterCodingException e) {
            return new String(bytes, java.nio.charset.Charset.forName("GB18030"));
        }
    }

    private static boolean looksBinary(byte[] bytes) {
        int limit = Math.min(bytes.length, 4096);
        for (int i = 0; i < limit; i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Metadata metadata) {
        String type = metadata.get(Metadata.CONTENT_TYPE);
        return type == null ? "supported" : type.split(";")[0];
    }

    private static String reason(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.length() > 300 ? message.substring(0, 300) : message;
    }
}
