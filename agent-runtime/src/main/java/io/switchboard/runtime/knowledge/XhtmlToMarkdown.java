package io.switchboard.runtime.knowledge;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.xml.sax.Attributes;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Turns the XHTML events Tika emits for HTML, DOCX, ODT and the like into Markdown, so structure-aware
 * chunking sees their headings ({@code h1}–{@code h6} → {@code #}), tables (pipe tables), code
 * ({@code pre} → fenced blocks) and list items. Text of other elements flows as paragraphs.
 */
final class XhtmlToMarkdown extends DefaultHandler {
    private final StringBuilder out = new StringBuilder();
    private int pre;
    private List<String> row;
    private StringBuilder cell;
    private int rowsInTable;

    @Override
    public void startElement(String uri, String localName, String qName, Attributes attributes) {
        String name = name(localName, qName);
        switch (name) {
            case "h1", "h2", "h3", "h4", "h5", "h6" -> {
                block();
                out.append("#".repeat(name.charAt(1) - '0')).append(' ');
            }
            case "p", "div", "blockquote", "section", "article" -> block();
            case "br" -> line();
            case "li" -> {
                line();
                out.append("- ");
            }
            case "pre" -> {
                if (pre++ == 0) {
                    block();
                    out.append("```\n");
                }
            }
            case "table" -> {
                block();
                rowsInTable = 0;
            }
            case "tr" -> row = new ArrayList<>();
            case "td", "th" -> cell = new StringBuilder();
            default -> {}
        }
    }

    @Override
    public void endElement(String uri, String localName, String qName) {
        String name = name(localName, qName);
        switch (name) {
            case "h1", "h2", "h3", "h4", "h5", "h6", "p", "div", "blockquote", "section", "article", "ul", "ol" ->
                block();
            case "pre" -> {
                if (--pre == 0) {
                    line();
                    out.append("```\n\n");
                }
            }
            case "td", "th" -> {
                if (row != null && cell != null) {
                    row.add(cell.toString().strip().replaceAll("\\s+", " ").replace("|", "\\|"));
                }
                cell = null;
            }
            case "tr" -> {
                if (row != null && !row.isEmpty()) {
                    out.append("| ").append(String.join(" | ", row)).append(" |\n");
                    if (rowsInTable++ == 0) {
                        out.append("|").append(" --- |".repeat(row.size())).append('\n');
                    }
                }
                row = null;
            }
            case "table" -> out.append('\n');
            default -> {}
        }
    }

    @Override
    public void characters(char[] ch, int start, int length) {
        text(new String(ch, start, length));
    }

    private void text(String text) {
        if (cell != null) {
            cell.append(text);
        } else if (pre > 0) {
            out.append(text);
        } else {
            // Outside code, whitespace (line breaks of the source too) is layout: one space, none at a line start.
            String flowing = text.replace('\u00a0', ' ').replaceAll("\\s+", " ");
            if (out.isEmpty() || out.charAt(out.length() - 1) == '\n' || out.charAt(out.length() - 1) == ' ') {
                flowing = flowing.stripLeading();
            }
            out.append(flowing);
        }
    }

    private void line() {
        if (!out.isEmpty() && out.charAt(out.length() - 1) != '\n') {
            out.append('\n');
        }
    }

    private void block() {
        line();
        if (out.length() >= 2 && out.charAt(out.length() - 2) != '\n') {
            out.append('\n');
        }
    }

    private static String name(String localName, String qName) {
        String name = localName == null || localName.isEmpty() ? qName : localName;
        return name == null ? "" : name.toLowerCase(Locale.ROOT);
    }

    /** The Markdown so far, trailing blanks of lines removed and runs of blank lines collapsed. */
    String markdown() {
        return out.toString()
                .replaceAll("[ \\t]+\\n", "\n")
                .replaceAll("\\n{3,}", "\n\n")
                .strip();
    }

    @Override
    public String toString() {
        return markdown();
    }
}
