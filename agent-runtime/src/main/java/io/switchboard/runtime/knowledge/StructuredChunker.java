package io.switchboard.runtime.knowledge;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Cuts a document along its structure (see {@link ChunkStructure}):
 *
 * <ul>
 *   <li>Markdown: sections by heading; every chunk starts with its heading path ("Install › Linux") so a
 *       passage keeps its context; paragraphs are packed up to the size; a table or fenced code block is
 *       never cut (up to three times the size; a longer table is split between rows with its header
 *       repeated, a longer code block between lines, each part fenced again);
 *   <li>Q&A: one chunk per question with its answer (a long answer split, the question repeated);
 *   <li>plain: {@link TextChunker}.
 * </ul>
 *
 * With parent–child on, each chunk also carries its parent: the run of neighbouring chunks of the same
 * section, up to {@code parentSize}, which retrieval returns instead of the chunk that matched.
 */
final class StructuredChunker {
    /** A chunk to embed and index, and what to return when it matches (null: itself). */
    record Piece(String text, String parent) {}

    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.+?)\\s*#*\\s*$");
    private static final Pattern FENCE = Pattern.compile("^\\s*(```|~~~).*$");
    private static final Pattern QUESTION = Pattern.compile(
            "^\\s*(?:[*_]{0,2})(?:Q\\d*|问题?\\d*|Question\\s*\\d*)\\s*[:：.、)）]\\s*(?:[*_]{0,2})(.*)$",
            Pattern.CASE_INSENSITIVE);
    private static final String PATH_SEPARATOR = " › ";

    /** A section's chunks (each starting with {@code prefix}) and, when known, its whole text. */
    private record Section(String prefix, List<String> chunks, String whole) {}

    private final ChunkingSettings settings;
    private final TextChunker plain;

    StructuredChunker(ChunkingSettings settings) {
        this.settings = settings;
        this.plain = new TextChunker(settings);
    }

    List<Piece> chunk(String text) {
        String normalized = text.replace("\r\n", "\n").replace('\r', '\n').strip();
        if (normalized.isEmpty()) {
            return List.of();
        }
        ChunkStructure structure =
                settings.structure() == ChunkStructure.AUTO ? detect(normalized) : settings.structure();
        List<Section> sections = switch (structure) {
            case QA -> qa(normalized);
            case MARKDOWN -> markdown(normalized);
            case PLAIN, AUTO -> plain(normalized);
        };
        List<Piece> pieces = new ArrayList<>();
        for (Section section : sections) {
            if (settings.parentChild()) {
                pieces.addAll(withParents(section));
            } else {
                section.chunks().forEach(chunk -> pieces.add(new Piece(chunk, null)));
            }
        }
        return pieces;
    }

    /** Q&A when at least two lines open a question; Markdown when there are headings, tables or code. */
    static ChunkStructure detect(String text) {
        int questions = 0;
        boolean structured = false;
        for (String line : text.split("\n")) {
            if (QUESTION.matcher(line).matches()) {
                questions++;
            } else if (HEADING.matcher(line).matches()
                    || FENCE.matcher(line).matches()
                    || line.strip().startsWith("|")) {
                structured = true;
            }
        }
        // A Markdown document with a FAQ section stays Markdown; its questions still get a chunk each.
        return structured ? ChunkStructure.MARKDOWN : questions >= 2 ? ChunkStructure.QA : ChunkStructure.PLAIN;
    }

    /** Plain text; with parent–child, parents are chunks of parentSize and children are cut from them. */
    private List<Section> plain(String text) {
        if (!settings.parentChild()) {
            return List.of(new Section("", plain.chunk(text), null));
        }
        List<Section> sections = new ArrayList<>();
        TextChunker parents = new TextChunker(new ChunkingSettings(
                settings.parentSize(), 0, settings.separators(), ChunkStructure.PLAIN, false, null));
        for (String parent : parents.chunk(text)) {
            sections.add(new Section("", plain.chunk(parent), parent));
        }
        return sections;
    }

    // ---- Markdown

    private enum Kind {
        TEXT,
        TABLE,
        CODE,
        /** A question with its answer: a chunk of its own. */
        QA
    }

    private record Block(Kind kind, String text) {}

    private List<Section> markdown(String text) {
        List<Section> sections = new ArrayList<>();
        String[] path = new String[6];
        List<Block> blocks = new ArrayList<>();
        StringBuilder paragraph = new StringBuilder();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (FENCE.matcher(line).matches()) {
                flush(paragraph, blocks);
                String fence = line.strip().substring(0, 3);
                StringBuilder code = new StringBuilder(line).append('\n');
                int j = i + 1;
                while (j < lines.length && !lines[j].strip().startsWith(fence)) {
                    code.append(lines[j++]).append('\n');
                }
                code.append(j < lines.length ? lines[j] : fence);
                blocks.add(new Block(Kind.CODE, code.toString()));
                i = j;
                continue;
            }
            if (line.strip().startsWith("|")) {
                flush(paragraph, blocks);
                StringBuilder table = new StringBuilder();
                int j = i;
                while (j < lines.length && lines[j].strip().startsWith("|")) {
                    table.append(table.isEmpty() ? "" : "\n").append(lines[j++].strip());
                }
                blocks.add(new Block(Kind.TABLE, table.toString()));
                i = j - 1;
                continue;
            }
            var heading = HEADING.matcher(line);
            if (heading.matches()) {
                flush(paragraph, blocks);
                sections.add(pack(prefix(path), blocks));
                blocks = new ArrayList<>();
                int level = heading.group(1).length();
                path[level - 1] = heading.group(2).strip();
                for (int k = level; k < path.length; k++) {
                    path[k] = null;
                }
                continue;
            }
            if (QUESTION.matcher(line).matches()) {
                flush(paragraph, blocks);
                StringBuilder qa = new StringBuilder(line.strip());
                int j = i + 1;
                while (j < lines.length
                        && !QUESTION.matcher(lines[j]).matches()
                        && !HEADING.matcher(lines[j]).matches()
                        && !(lines[j].isBlank()
                                && j + 1 < lines.length
                                && QUESTION.matcher(lines[j + 1]).matches())) {
                    if (!lines[j].isBlank()) {
                        qa.append('\n').append(lines[j].strip());
                    }
                    j++;
                }
                blocks.add(new Block(Kind.QA, qa.toString()));
                i = j - 1;
                continue;
            }
            if (line.isBlank()) {
                flush(paragraph, blocks);
            } else {
                paragraph.append(paragraph.isEmpty() ? "" : "\n").append(line.strip());
            }
        }
        flush(paragraph, blocks);
        sections.add(pack(prefix(path), blocks));
        sections.removeIf(section -> section.chunks().isEmpty());
        return sections;
    }

    private static void flush(StringBuilder paragraph, List<Block> blocks) {
        if (!paragraph.isEmpty()) {
            blocks.add(new Block(Kind.TEXT, paragraph.toString()));
            paragraph.setLength(0);
        }
    }

    /** "A › B › C\n", shortened from the left to a third of the size; empty without headings. */
    private String prefix(String[] path) {
        List<String> parts = new ArrayList<>();
        for (String part : path) {
            if (part != null) {
                parts.add(part);
            }
        }
        if (parts.isEmpty()) {
            return "";
        }
        String joined = String.join(PATH_SEPARATOR, parts);
        int max = settings.size() / 3;
        if (joined.length() > max) {
            joined = "…" + joined.substring(joined.length() - max + 1);
        }
        return joined + "\n";
    }

    /** Packs a section's blocks into chunks, each starting with the heading path. */
    private Section pack(String prefix, List<Block> blocks) {
        List<String> chunks = new ArrayList<>();
        int budget = settings.size() - prefix.length();
        StringBuilder current = new StringBuilder();
        for (Block block : blocks) {
            if (block.kind() == Kind.QA && !current.isEmpty()) {
                chunks.add(prefix + current);
                current.setLength(0);
            }
            for (String part : parts(block, budget)) {
                if (!current.isEmpty() && (current.length() + 2 + part.length() > budget || block.kind() == Kind.QA)) {
                    chunks.add(prefix + current);
                    current.setLength(0);
                }
                current.append(current.isEmpty() ? "" : "\n\n").append(part);
            }
            if (block.kind() == Kind.QA) {
                chunks.add(prefix + current);
                current.setLength(0);
            }
        }
        if (!current.isEmpty()) {
            chunks.add(prefix + current);
        }
        StringBuilder whole = new StringBuilder(prefix);
        for (Block block : blocks) {
            whole.append(whole.length() == prefix.length() ? "" : "\n\n").append(block.text());
        }
        return new Section(prefix, chunks, whole.toString());
    }

    /** A block as pieces that each fit a chunk; tables and code stay whole up to three times the budget. */
    private List<String> parts(Block block, int budget) {
        if (block.text().length() <= budget) {
            return List.of(block.text());
        }
        return switch (block.kind()) {
            case TEXT ->
                new TextChunker(new ChunkingSettings(
                                Math.max(50, budget), 0, settings.separators(), ChunkStructure.PLAIN, false, null))
                        .chunk(block.text());
            case TABLE ->
                block.text().length() <= 3 * budget ? List.of(block.text()) : splitTable(block.text(), budget);
            case CODE -> block.text().length() <= 3 * budget ? List.of(block.text()) : splitCode(block.text(), budget);
            case QA ->
                qaChunks(
                                block.text().lines().findFirst().orElse(""),
                                block.text()
                                        .substring(
                                                block.text().indexOf('\n') < 0
                                                        ? block.text().length()
                                                        : block.text().indexOf('\n') + 1))
                        .chunks()
                        .stream()
                        .toList();
        };
    }

    private static List<String> splitTable(String table, int budget) {
        String[] rows = table.split("\n");
        boolean hasHeader = rows.length > 1 && rows[1].matches("^\\|[\\s:|-]+\\|?$");
        String header = hasHeader ? rows[0] + "\n" + rows[1] : "";
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder(header);
        for (int i = hasHeader ? 2 : 0; i < rows.length; i++) {
            if (current.length() > header.length() && current.length() + 1 + rows[i].length() > budget) {
                parts.add(current.toString());
                current = new StringBuilder(header);
            }
            current.append(current.isEmpty() ? "" : "\n").append(rows[i]);
        }
        parts.add(current.toString());
        return parts;
    }

    private static List<String> splitCode(String code, int budget) {
        String[] lines = code.split("\n");
        String open = lines[0];
        String close = lines[lines.length - 1];
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder(open);
        for (int i = 1; i < lines.length - 1; i++) {
            if (current.length() > open.length()
                    && current.length() + lines[i].length() + close.length() + 2 > budget) {
                parts.add(current.append('\n').append(close).toString());
                current = new StringBuilder(open);
            }
            current.append('\n').append(lines[i]);
        }
        parts.add(current.append('\n').append(close).toString());
        return parts;
    }

    // ---- Q&A

    private List<Section> qa(String text) {
        List<Section> sections = new ArrayList<>();
        StringBuilder intro = new StringBuilder();
        String question = null;
        StringBuilder answer = new StringBuilder();
        for (String line : text.split("\n")) {
            var match = QUESTION.matcher(line);
            if (match.matches()) {
                if (question != null) {
                    sections.add(qaChunks(question, answer.toString().strip()));
                }
                question = line.strip();
                answer.setLength(0);
            } else if (question == null) {
                intro.append(line).append('\n');
            } else {
                answer.append(line).append('\n');
            }
        }
        if (question != null) {
            sections.add(qaChunks(question, answer.toString().strip()));
        }
        if (!intro.toString().isBlank()) {
            sections.addAll(0, plain(intro.toString().strip()));
        }
        return sections;
    }

    private Section qaChunks(String question, String answer) {
        String whole = answer.isEmpty() ? question : question + "\n" + answer;
        if (whole.length() <= settings.size()) {
            return new Section("", List.of(whole), whole);
        }
        int budget = Math.max(50, settings.size() - question.length() - 1);
        List<String> chunks = new ArrayList<>();
        for (String part : new TextChunker(
                        new ChunkingSettings(budget, 0, settings.separators(), ChunkStructure.PLAIN, false, null))
                .chunk(answer)) {
            chunks.add(question + "\n" + part);
        }
        return new Section(question + "\n", chunks, whole);
    }

    // ---- parent–child

    /**
     * The whole section is every chunk's parent when it fits parentSize; a longer section is grouped into
     * runs of neighbouring chunks up to parentSize, the heading path once at the top of each.
     */
    private List<Piece> withParents(Section section) {
        List<Piece> pieces = new ArrayList<>();
        if (section.whole() != null && section.whole().length() <= settings.parentSize()) {
            for (String chunk : section.chunks()) {
                pieces.add(new Piece(chunk, chunk.equals(section.whole()) ? null : section.whole()));
            }
            return pieces;
        }
        List<String> run = new ArrayList<>();
        int length = section.prefix().length();
        for (String chunk : section.chunks()) {
            String body = chunk.substring(section.prefix().length());
            if (!run.isEmpty() && length + body.length() + 2 > settings.parentSize()) {
                emit(section, run, pieces);
                run.clear();
                length = section.prefix().length();
            }
            run.add(body);
            length += body.length() + 2;
        }
        emit(section, run, pieces);
        return pieces;
    }

    private static void emit(Section section, List<String> run, List<Piece> pieces) {
        String parent = run.size() == 1 ? null : section.prefix() + String.join("\n\n", run);
        for (String body : run) {
            pieces.add(new Piece(section.prefix() + body, parent));
        }
    }
}
