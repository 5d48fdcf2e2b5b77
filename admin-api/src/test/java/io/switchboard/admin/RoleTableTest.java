package io.switchboard.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, teams and roles: the README's role table is generated from docs/permissions.md (which
 * {@link PermissionsTest} ties to {@link Permissions} and to what each role really gets), so the two cannot
 * disagree. On a difference the test writes the table it expects to {@code target/README-role-table.md}
 * and fails with it: paste it between the markers in README.md.
 */
class RoleTableTest {
    static final String BEGIN =
            "<!-- role-table:begin (generated from docs/permissions.md; RoleTableTest checks it) -->";
    static final String END = "<!-- role-table:end -->";
    private static final List<String> ROLES = List.of("viewer", "editor", "admin", "owner");
    private static final Pattern ROW = Pattern.compile("\\| (\\w+) \\| `([^`]+)` \\| (.+) \\|");

    record Route(String method, String path, String need) {
        String label() {
            return "`" + method + " " + path + "`";
        }

        /** Whether a member with {@code role} may call it in the default workspace or in another one. */
        boolean allows(String role, boolean inDefault) {
            return switch (need) {
                case "anyone (no login)", "any logged-in user" -> true;
                case "admin of `default`" -> inDefault && rank(role) >= rank("admin");
                // An app's own list: editors; a shared list (installation): see the section's text.
                case "editor; a shared list: admin of `default`" -> rank(role) >= rank("editor");
                default -> rank(role) >= rank(need);
            };
        }

        private static int rank(String role) {
            int rank = ROLES.indexOf(role);
            if (rank < 0) {
                throw new AssertionError("docs/permissions.md: unknown need '" + role + "'");
            }
            return rank;
        }
    }

    @Test
    void should_keep_the_readme_role_table_as_docs_permissions_md_says() throws IOException {
        String expected = table(sections(Files.readAllLines(Path.of("..", "docs", "permissions.md"))));
        String readme = Files.readString(Path.of("..", "README.md"));
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        assertThat(begin).as("README.md has the marker " + BEGIN).isNotNegative();
        assertThat(end).as("README.md has the marker " + END).isGreaterThan(begin);
        String actual = readme.substring(begin + BEGIN.length(), end).strip();

        if (!actual.equals(expected)) {
            Path out = Path.of("target", "README-role-table.md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, expected + "\n", StandardCharsets.UTF_8);
        }
        assertThat(actual)
                .as("README.md role table (expected written to target/README-role-table.md)")
                .isEqualTo(expected);
    }

    @Test
    void should_render_a_role_that_may_do_part_of_an_area() {
        List<Route> routes = List.of(
                new Route("GET", "/x", "viewer"),
                new Route("POST", "/x/{id}/test", "viewer"),
                new Route("PUT", "/x/{id}", "editor"),
                new Route("GET", "/y", "admin of `default`"));

        assertThat(cell(routes, "viewer")).isEqualTo("read but `GET /y`, and `POST /x/{id}/test`");
        assertThat(cell(routes, "editor")).isEqualTo("all but `GET /y`");
        assertThat(cell(routes, "admin")).isEqualTo("all but `GET /y`; in `default`: all");
    }

    static Map<String, List<Route>> sections(List<String> lines) {
        Map<String, List<Route>> sections = new LinkedHashMap<>();
        String section = null;
        for (String line : lines) {
            if (line.startsWith("## ")) {
                section = line.substring(3).split(":")[0].strip();
            }
            Matcher m = ROW.matcher(line.strip());
            if (m.matches() && section != null) {
                sections.computeIfAbsent(section, s -> new ArrayList<>())
                        .add(new Route(m.group(1), m.group(2), m.group(3)));
            }
        }
        return sections;
    }

    static String table(Map<String, List<Route>> sections) {
        StringBuilder table = new StringBuilder("| Area (docs/permissions.md) | viewer | editor | admin | owner |\n");
        table.append("|---|---|---|---|---|");
        sections.forEach((section, routes) -> {
            table.append("\n| ").append(section);
            for (String role : ROLES) {
                table.append(" | ").append(cell(routes, role));
            }
            table.append(" |");
        });
        return table.toString();
    }

    static String cell(List<Route> routes, String role) {
        List<Route> elsewhere =
                routes.stream().filter(r -> r.allows(role, false)).toList();
        List<Route> inDefault =
                routes.stream().filter(r -> r.allows(role, true)).toList();
        String cell = describe(routes, elsewhere);
        if (inDefault.equals(elsewhere)) {
            return cell;
        }
        String there = "in `default`: " + describe(routes, inDefault);
        return elsewhere.isEmpty() ? there : cell + "; " + there;
    }

    private static String describe(List<Route> all, List<Route> allowed) {
        if (allowed.size() == all.size()) {
            return "all";
        }
        if (allowed.isEmpty()) {
            return "—";
        }
        List<Route> missing = all.stream().filter(r -> !allowed.contains(r)).toList();
        List<Route> reads = all.stream().filter(r -> r.method().equals("GET")).toList();
        List<Route> missingReads =
                reads.stream().filter(r -> !allowed.contains(r)).toList();
        List<Route> extra = allowed.stream().filter(r -> !reads.contains(r)).toList();
        // Whichever names fewer routes: "all but …", or "read (but …), and …".
        if (missing.size() < missingReads.size() + extra.size()) {
            return "all but " + labels(missing);
        }
        String read = missingReads.size() == reads.size()
                ? ""
                : missingReads.isEmpty() ? "read" : "read but " + labels(missingReads);
        return extra.isEmpty() ? read : (read.isEmpty() ? labels(extra) : read + ", and " + labels(extra));
    }

    private static String labels(List<Route> routes) {
        return String.join(", ", routes.stream().map(Route::label).toList());
    }
}
