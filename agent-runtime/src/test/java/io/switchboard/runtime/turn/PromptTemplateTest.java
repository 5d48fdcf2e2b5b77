package io.switchboard.runtime.turn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PromptTemplateTest {
    @Test
    void should_fill_variables_preferring_the_callers_values_over_the_apps_defaults() {
        String prompt = PromptTemplate.render(
                "You help {{ company }} customers in {{city}}. {{missing}}Be brief.",
                Map.of("company", "Acme", "city", "Paris"),
                Map.of("city", "上海"));

        assertThat(prompt).isEqualTo("You help Acme customers in 上海. Be brief.");
    }

    @Test
    void should_leave_text_with_dollar_signs_and_backslashes_intact() {
        assertThat(PromptTemplate.render("{{a}}", Map.of(), Map.of("a", "$1 \\n")))
                .isEqualTo("$1 \\n");
    }
}
