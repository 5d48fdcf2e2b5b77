package io.switchboard.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.runtime.audit.AuditEntry;
import io.switchboard.runtime.audit.AuditQuery;
import io.vertx.core.http.HttpMethod;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, audit: "every change through the admin API recorded" — route by route, from {@link Permissions}
 * (which {@link PermissionsTest} ties to the router). Every route that changes something (not a read, not a
 * login step under {@code /auth/}, not a public workflow hook, not one of the actions that only compute an
 * answer) is called once by the owner; each call is in the audit log with its path, actor and status,
 * whether it succeeded or not (ids that do not exist: nothing real is changed).
 */
class AuditCoverageTest {
    @Test
    void should_record_a_call_of_every_route_that_changes_something(@TempDir Path dir) {
        try (AdminApiServer server = AdminApiServer.start(dir)) {
            String token = server.login();
            List<String> called = new ArrayList<>();
            for (Permissions.Rule rule : Permissions.rules()) {
                if (!changes(rule)) {
                    continue;
                }
                String path = rule.path().replaceAll(":(\\w+)", "audit-probe-$1");
                var reply = server.send(rule.method().name(), path, "{}", token);
                assertThat(reply.status())
                        .as(rule.method() + " " + path + ": " + reply.body())
                        .isLessThan(500);
                called.add(action(rule.method(), path) + " " + AdminApi.MOUNT_PATH + path);
            }
            assertThat(called).as("routes that change something").hasSizeGreaterThan(40);

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                Set<String> recorded = new HashSet<>();
                for (AuditEntry entry : server.database
                        .audit()
                        .query(new AuditQuery(null, "admin", null, null, null, null, null, 0, 1000))) {
                    recorded.add(entry.action() + " " + entry.path());
                }
                List<String> missing =
                        called.stream().filter(call -> !recorded.contains(call)).toList();
                assertThat(missing).as("changes not in the audit log").isEmpty();
            });
        }
    }

    private static boolean changes(Permissions.Rule rule) {
        HttpMethod method = rule.method();
        String path = rule.path();
        String last = path.substring(path.lastIndexOf('/') + 1);
        return method != HttpMethod.GET
                && method != HttpMethod.HEAD
                && !path.startsWith("/auth/")
                && !path.startsWith("/workflow-hooks/")
                && !path.contains("/debug/")
                && !AuditRoutes.READ_ONLY_ACTIONS.contains(last);
    }

    /** What the entry's action says: delete, update (PUT, PATCH), or a POST's verb (its last segment) or create. */
    private static String action(HttpMethod method, String path) {
        if (method == HttpMethod.DELETE) {
            return "delete";
        }
        if (method == HttpMethod.PUT || method == HttpMethod.PATCH) {
            return "update";
        }
        String[] segments = path.substring(1).split("/");
        return segments.length > 2 ? segments[segments.length - 1] : "create";
    }
}
