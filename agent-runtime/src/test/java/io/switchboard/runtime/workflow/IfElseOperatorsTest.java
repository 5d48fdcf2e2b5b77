package io.switchboard.runtime.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IfElseOperatorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static boolean holds(String variable, String operator, String valueJson) throws Exception {
        Variables variables = new Variables();
        variables.put(
                "n",
                Map.of(
                        "text",
                        "Hello World",
                        "blank",
                        "  ",
                        "count",
                        42,
                        "list",
                        List.of("a", "b"),
                        "empty",
                        List.of(),
                        "flag",
                        true));
        return IfElseNode.holds(
                JSON.readTree("{\"variable\":\"n." + variable + "\",\"operator\":\"" + operator + "\",\"value\":"
                        + valueJson + "}"),
                variables);
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource(
            delimiter = '|',
            value = {
                "text|equals|'\"Hello World\"'|true",
                "text|not_equals|'\"Hello\"'|true",
                "count|equals|42|true",
                "count|equals|'\"42\"'|true",
                "flag|equals|true|true",
                "text|contains|'\"World\"'|true",
                "text|not_contains|'\"world\"'|true",
                "list|contains|'\"b\"'|true",
                "list|contains|'\"c\"'|false",
                "text|starts_with|'\"Hell\"'|true",
                "text|ends_with|'\"World\"'|true",
                "blank|empty|null|true",
                "empty|empty|null|true",
                "missing|empty|null|true",
                "list|not_empty|null|true",
                "count|gt|41|true",
                "count|gte|42|true",
                "count|lt|42|false",
                "count|lte|42|true",
                "text|regex|'\"^H.*d$\"'|true",
                "text|regex|'\"^world\"'|false",
            })
    void should_evaluate_each_operator(String variable, String operator, String value, boolean expected)
            throws Exception {
        assertThat(holds(variable, operator, value)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"text,gt"})
    void should_fail_a_numeric_comparison_of_text(String variable, String operator) {
        assertThatThrownBy(() -> holds(variable, operator, "1"))
                .isInstanceOf(WorkflowFailure.class)
                .hasMessage("'Hello World' is not a number");
    }
}
