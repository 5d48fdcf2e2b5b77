package io.switchboard.runtime.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.runtime.knowledge.StructuredChunker.Piece;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class StructuredChunkerTest {
    private static List<Piece> chunk(int size, ChunkStructure structure, boolean parentChild, String text) {
        return new StructuredChunker(new ChunkingSettings(size, 0, null, structure, parentChild, null)).chunk(text);
    }

    private static List<String> texts(List<Piece> pieces) {
        return pieces.stream().map(Piece::text).toList();
    }

    private static final String GUIDE = """
            # Kettle guide

            Read this first.

            ## Descaling

            Boil water with citric acid once a month, then rinse twice.

            ### In safe mode

            Safe mode heats to 80 degrees only; descale with the lid open.

            ## Error codes

            | code | meaning | what to do |
            |---|---|---|
            | E1 | dry boil | let it cool, add water |
            | E2 | sensor fault | contact support |
            | E3 | overheating | unplug for ten minutes |

            ```bash
            kettle --reset
            kettle --status
            ```
            """;

    @Test
    void should_start_every_chunk_with_its_heading_path() {
        List<String> chunks = texts(chunk(200, ChunkStructure.AUTO, false, GUIDE));

        assertThat(chunks).contains("Kettle guide\nRead this first.");
        assertThat(chunks)
                .anySatisfy(c -> assertThat(c)
                        .startsWith("Kettle guide › Descaling › In safe mode\n")
                        .contains("80 degrees"));
        assertThat(chunks)
                .anySatisfy(c ->
                        assertThat(c).startsWith("Kettle guide › Descaling\n").contains("citric acid"));
        assertThat(chunks).noneMatch(c -> c.contains("80 degrees") && c.contains("citric acid"));
    }

    @Test
    void should_never_cut_a_table_or_a_code_block() {
        // 130 characters of budget per chunk; the table alone is longer and stays whole.
        List<String> chunks = texts(chunk(160, ChunkStructure.MARKDOWN, false, GUIDE));

        assertThat(chunks)
                .anySatisfy(c -> assertThat(c)
                        .startsWith("Kettle guide › Error codes\n")
                        .contains("| code |", "| E1 |", "| E3 |"));
        assertThat(chunks).anySatisfy(c -> assertThat(c).contains("```bash\nkettle --reset\nkettle --status\n```"));
        assertThat(chunks)
                .allSatisfy(c -> assertThat(c.chars().filter(ch -> ch == '`').count() % 6)
                        .isZero());
    }

    @Test
    void should_split_a_very_long_table_between_rows_repeating_its_header() {
        StringBuilder table = new StringBuilder("# Prices\n\n| item | price |\n|---|---|\n");
        for (int i = 0; i < 60; i++) {
            table.append("| item number ")
                    .append(i)
                    .append(" | ")
                    .append(i * 10)
                    .append(" yuan |\n");
        }

        List<String> chunks = texts(chunk(200, ChunkStructure.MARKDOWN, false, table.toString()));

        assertThat(chunks).hasSizeGreaterThan(2).allSatisfy(c -> {
            assertThat(c).startsWith("Prices\n| item | price |\n|---|---|\n| item number ");
            assertThat(c.lines().skip(1)).allMatch(line -> line.startsWith("|") && line.endsWith("|"));
        });
    }

    @Test
    void should_split_questions_and_answers_one_chunk_per_question() {
        String faq = """
                常见问题
                问：水壶可以煮牛奶吗？
                答：不可以，牛奶会糊底并损坏传感器。
                问：保修多久？
                答：两年，凭购物凭证。
                Q: Does it work on 110 V?
                A: No, 220 V only.
                """;

        List<String> chunks = texts(chunk(400, ChunkStructure.AUTO, false, faq));

        assertThat(chunks)
                .containsExactly(
                        "常见问题",
                        "问：水壶可以煮牛奶吗？\n答：不可以，牛奶会糊底并损坏传感器。",
                        "问：保修多久？\n答：两年，凭购物凭证。",
                        "Q: Does it work on 110 V?\nA: No, 220 V only.");
    }

    @Test
    void should_give_each_question_of_a_markdown_faq_section_its_own_chunk() {
        String text = "# SDK\n\n## Signing\n\nSort the parameters.\n\n## FAQ\n\n问：回调可以带端口吗？\n答：可以。\n\n"
                + "问：本地收不到回调？\n答：需要公网地址。\n\nMore help: see the console.";

        List<String> chunks = texts(chunk(400, ChunkStructure.AUTO, false, text));

        assertThat(chunks)
                .containsExactly(
                        "SDK › Signing\nSort the parameters.",
                        "SDK › FAQ\n问：回调可以带端口吗？\n答：可以。",
                        "SDK › FAQ\n问：本地收不到回调？\n答：需要公网地址。\nMore help: see the console.");
    }

    @Test
    void should_give_each_small_chunk_its_whole_section_as_parent() {
        String text = "# Manual\n\n## Descaling\n\n" + "Boil water with citric acid. ".repeat(6) + "\n\n"
                + "Rinse twice afterwards. ".repeat(6) + "\n\n## Warranty\n\nTwo years.";

        List<Piece> pieces = chunk(120, ChunkStructure.AUTO, true, text);

        List<Piece> descaling = pieces.stream()
                .filter(p -> p.text().startsWith("Manual › Descaling"))
                .toList();
        assertThat(descaling).hasSizeGreaterThan(1).allSatisfy(p -> {
            assertThat(p.text().length()).isLessThanOrEqualTo(120);
            assertThat(p.parent()).startsWith("Manual › Descaling\n").contains("citric acid", "Rinse twice");
        });
        assertThat(pieces)
                .filteredOn(p -> p.text().contains("Two years"))
                .singleElement()
                .satisfies(p -> assertThat(p.parent()).isNull());
    }

    @Test
    void should_keep_plain_text_plain() {
        assertThat(StructuredChunker.detect("Just a paragraph.\n\nAnother one."))
                .isEqualTo(ChunkStructure.PLAIN);
        assertThat(texts(chunk(100, ChunkStructure.AUTO, false, "Just a paragraph.\n\nAnother one.")))
                .containsExactly("Just a paragraph.\n\nAnother one.");
    }

    @Test
    void should_read_html_headings_tables_and_code_as_markdown() {
        String html = "<html><head><title>t</title></head><body><h1>Kettle</h1><p>Intro   text\n here.</p>"
                + "<h2>Errors</h2><table><tr><th>code</th><th>meaning</th></tr><tr><td>E1</td><td>dry boil</td></tr>"
                + "</table><pre>kettle --reset\n  --force</pre><ul><li>one</li><li>two</li></ul></body></html>";

        String text = new DocumentParser(100_000)
                .parse(html.getBytes(StandardCharsets.UTF_8), "page.html", "text/html", null)
                .text();

        assertThat(text)
                .contains("# Kettle\n\nIntro text here.")
                .contains("## Errors")
                .contains("| code | meaning |\n| --- | --- |\n| E1 | dry boil |")
                .contains("```\nkettle --reset\n  --force\n```")
                .contains("- one\n- two");
    }
}
