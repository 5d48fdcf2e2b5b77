package io.switchboard.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The methods {@code openapi.yaml} documents for each path, for the {@code Allow} header of a 405: read
 * once at start, consulted only when a request is refused, never on a served one. A request path that
 * several templates match takes the most literal one, as OpenAPI and the router do: {@code /apps/import}
 * before {@code /apps/{id}}, compared segment by segment from the left.
 */
final class DocumentedMethods {
    private static final Set<String> METHODS = Set.of("get", "head", "post", "put", "patch", "delete", "options");

    private record Path(String template, Pattern pattern, String allow) {}

    /**
     * Literal segments before templated ones at the first segment where two templates differ (templates
     * of different lengths never match the same path; ordering by length first keeps the order total).
     */
    private static final Comparator<Path> MOST_LITERAL_FIRST = (a, b) -> {
        String[] left = a.template().split("/", -1);
        String[] right = b.template().split("/", -1);
        if (left.length != right.length) {
            return Integer.compare(left.length, right.length);
        }
        for (int i = 0; i < left.length; i++) {
            boolean leftTemplated = left[i].contains("{");
            boolean rightTemplated = right[i].contains("{");
            if (leftTemplated != rightTemplated) {
                return leftTemplated ? 1 : -1;
            }
        }
        return 0;
    };

    private final List<Path> paths;

    private DocumentedMethods(List<Path> paths) {
        this.paths = paths;
    }

    static DocumentedMethods parse(String openApiYaml) {
        JsonNode document;
        try {
            document = new YAMLMapper().readTree(openApiYaml);
        } catch (IOException e) {
            throw new UncheckedIOException("openapi.yaml does not parse", e);
        }
        List<Path> paths = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = document.path("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            Set<String> methods = new LinkedHashSet<>();
            entry.getValue().fieldNames().forEachRemaining(name -> {
                if (METHODS.contains(name)) {
                    methods.add(name.toUpperCase(Locale.ROOT));
                    if (name.equals("get")) {
                        methods.add("HEAD");
                    }
                }
            });
            String regex = Pattern.quote(entry.getKey()).replaceAll("\\{[^}/]+}", "\\\\E[^/]+\\\\Q");
            paths.add(new Path(entry.getKey(), Pattern.compile(regex), String.join(", ", methods)));
        }
        paths.sort(MOST_LITERAL_FIRST);
        return new DocumentedMethods(List.copyOf(paths));
    }

    /** The {@code Allow} value of {@code path}, or null when the document does not know the path. */
    String allow(String path) {
        for (Path documented : paths) {
            if (documented.pattern().matcher(path).matches()) {
                return documented.allow();
            }
        }
        return null;
    }
}
