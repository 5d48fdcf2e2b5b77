package io.switchboard.runtime.tool;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import io.switchboard.runtime.knowledge.Citation;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The tools every app may bind: date and time, calculator, web page reader and, when knowledge bases
 * are wired, knowledge search. Referenced as {@code builtin/<name>}.
 */
public final class BuiltinTools {
    public static final String PROVIDER_ID = "builtin";
    /** Characters of page text the reader hands the model at most. */
    public static final int PAGE_TEXT_LIMIT = 20_000;

    private static final int PAGE_BYTES_LIMIT = 2 * 1024 * 1024;

    private BuiltinTools() {}

    /**
     * @param knowledge the knowledge search, or null when no knowledge bases exist (the tool is then absent)
     */
    public static ToolSource create(Clock clock, OutboundHttp http, KnowledgeLookup knowledge) {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(http, "http");
        List<Tool> tools = new ArrayList<>(List.of(dateTime(clock), calculator(), webPage(http)));
        if (knowledge != null) {
            tools.add(knowledgeSearch(knowledge));
        }
        ToolProvider provider =
                new ToolProvider(PROVIDER_ID, "builtin", "Built-in tools", "Tools that ship with Switchboard", tools);
        return () -> List.of(provider);
    }

    static Tool dateTime(Clock clock) {
        ToolSpecification spec = ToolSpecification.builder()
                .name("current_datetime")
                .description("Returns the current date, time and weekday in a time zone.")
                .parameters(JsonObjectSchema.builder()
                        .addStringProperty(
                                "timezone", "IANA time zone such as Asia/Shanghai or Europe/Paris; default UTC")
                        .build())
                .build();
        return new SimpleTool(spec, arguments -> {
            String zoneName = ToolArguments.optionalString(ToolArguments.parse(arguments), "timezone");
            ZoneId zone;
            try {
                zone = zoneName == null ? ZoneId.of("UTC") : ZoneId.of(zoneName);
            } catch (DateTimeException e) {
                throw new ToolException("unknown time zone '" + zoneName + "'; use an IANA name like Asia/Shanghai");
            }
            ZonedDateTime now = ZonedDateTime.now(clock.withZone(zone));
            return ToolArguments.JSON
                    .createObjectNode()
                    .put("datetime", now.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
                    .put("date", now.toLocalDate().toString())
                    .put("time", now.toLocalTime().withNano(0).toString())
                    .put("weekday", now.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH))
                    .put("timezone", zone.getId())
                    .toString();
        });
    }

    static Tool calculator() {
        ToolSpecification spec = ToolSpecification.builder()
                .name("calculator")
                .description("Evaluates an arithmetic expression exactly as written: + - * / % ^, parentheses, "
                        + "pi, e, sqrt, abs, sin, cos, tan, ln, log, exp, floor, ceil, round, pow, min, max.")
                .parameters(JsonObjectSchema.builder()
                        .addStringProperty("expression", "for example (3 + 4) * 2 ^ 3")
                        .required("expression")
                        .build())
                .build();
        return new SimpleTool(spec, arguments -> {
            String expression = ToolArguments.requiredString(ToolArguments.parse(arguments), "expression");
            return Arithmetic.format(Arithmetic.evaluate(expression));
        });
    }

    static Tool webPage(OutboundHttp http) {
        ToolSpecification spec = ToolSpecification.builder()
                .name("read_web_page")
                .description("Fetches a public web page and returns its readable text (at most " + PAGE_TEXT_LIMIT
                        + " characters).")
                .parameters(JsonObjectSchema.builder()
                        .addStringProperty("url", "absolute http or https URL")
                        .required("url")
                        .build())
                .build();
        return new SimpleTool(spec, arguments -> {
            String url = ToolArguments.requiredString(ToolArguments.parse(arguments), "url");
            OutboundHttp.Response response = http.send(
                    "GET",
                    url,
                    Map.of("Accept", "text/html,text/plain;q=0.9,*/*;q=0.5"),
                    null,
                    Duration.ofSeconds(15),
                    PAGE_BYTES_LIMIT);
            if (response.status() >= 400) {
                throw new ToolException("the page answered HTTP " + response.status());
            }
            String type = response.header("content-type");
            String text = type != null && type.toLowerCase(Locale.ROOT).contains("html")
                    ? HtmlText.readable(response.body())
                    : response.body().strip();
            return text.length() > PAGE_TEXT_LIMIT ? text.substring(0, PAGE_TEXT_LIMIT) + " […]" : text;
        });
    }

    static Tool knowledgeSearch(KnowledgeLookup knowledge) {
        ToolSpecification spec = ToolSpecification.builder()
                .name("knowledge_search")
                .description("Searches the knowledge bases and returns the most relevant passages with sources.")
                .parameters(JsonObjectSchema.builder()
                        .addStringProperty("query", "what to look for")
                        .required("query")
                        .build())
                .build();
        return new SimpleTool(spec, arguments -> {
            String query = ToolArguments.requiredString(ToolArguments.parse(arguments), "query");
            List<Citation> hits = knowledge.search(List.of(), query, 5);
            if (hits.isEmpty()) {
                return "no passages found";
            }
            StringBuilder text = new StringBuilder();
            for (Citation hit : hits) {
                text.append("[")
                        .append(hit.source())
                        .append("]\n")
                        .append(hit.passage().strip())
                        .append("\n\n");
            }
            return text.toString().strip();
        });
    }
}
