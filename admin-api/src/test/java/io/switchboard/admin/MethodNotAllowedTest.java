package io.switchboard.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.admin.AdminApiServer.Reply;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A path of the admin API asked with a method it does not take is a 405 with {@code Allow} (what
 * schemathesis's "undeclared method" check asks, issue 13 Found 7), before and after login; an unknown
 * path stays a 404.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MethodNotAllowedTest {
    private AdminApiServer server;
    private String token;

    @BeforeAll
    void start(@TempDir Path dir) {
        server = AdminApiServer.start(dir);
        token = server.login();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void should_answer_405_with_allow_for_a_known_path_and_another_method() {
        Reply put = server.send("PUT", "/auth/login", "{}", null);

        assertThat(put.status()).as(put.body()).isEqualTo(405);
        assertThat(put.body()).contains("method_not_allowed");
        assertThat(server.lastHeaders().firstValue("Allow")).hasValue("POST");

        Reply delete = server.send("DELETE", "/auth/identities/phone", null, token);
        assertThat(delete.status()).as(delete.body()).isEqualTo(405);
        assertThat(server.lastHeaders().firstValue("Allow")).hasValue("POST");

        Reply providers = server.send("PATCH", "/providers", "{}", token);
        assertThat(providers.status()).isEqualTo(405);
        assertThat(server.lastHeaders().firstValue("Allow")).hasValue("GET, HEAD, POST");
    }

    @Test
    void should_answer_405_for_a_literal_path_that_a_less_literal_template_with_the_method_also_matches() {
        // DELETE /auth/identities/{provider}/{subject} matches these paths too, but each is its own
        // (more literal) path in the document, which takes POST only: a 405, not an unlink of "external"
        for (String path : new String[] {"/auth/identities/external/start", "/auth/identities/phone/send"}) {
            Reply delete = server.send("DELETE", path, "{\"unexpected\": true}", token);

            assertThat(delete.status()).as(path + ": " + delete.body()).isEqualTo(405);
            assertThat(delete.body()).contains("method_not_allowed");
            assertThat(server.lastHeaders().firstValue("Allow")).hasValue("POST");
        }
        // and the template keeps its method where no literal path takes over
        assertThat(server.send("DELETE", "/auth/identities/phone/+8613800000000", null, token)
                        .status())
                .isNotEqualTo(405);
        Reply unknownApp = server.send("GET", "/apps/import", null, token);
        assertThat(unknownApp.status()).as(unknownApp.body()).isEqualTo(405);
        assertThat(server.lastHeaders().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void should_still_answer_the_methods_a_path_takes_and_404_for_unknown_paths() {
        assertThat(server.send("GET", "/providers", null, token).status()).isEqualTo(200);
        assertThat(server.send("GET", "/providers", null, null).status()).isEqualTo(401);
        assertThat(server.send("GET", "/no-such-thing", null, token).status()).isEqualTo(404);
    }
}
