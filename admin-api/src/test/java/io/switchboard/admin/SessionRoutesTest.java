package io.switchboard.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.admin.AdminApiServer.Reply;
import io.switchboard.runtime.access.AdminUser;
import io.switchboard.runtime.access.PasswordHasher;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13, Found 4: logout, refresh with one-time refresh tokens, revocation on removal. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionRoutesTest {
    private AdminApiServer server;

    @BeforeAll
    void start(@TempDir Path dir) {
        server = AdminApiServer.start(dir);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void should_end_the_session_at_logout() {
        Reply login = login("admin", AdminApiServer.PASSWORD);
        String token = login.json().get("token").asText();
        String refresh = login.json().get("refreshToken").asText();

        assertThat(server.send("POST", "/auth/logout", null, token).status()).isEqualTo(204);

        assertThat(server.send("GET", "/apps", null, token).status()).isEqualTo(401);
        assertThat(refresh(refresh).status()).isEqualTo(401);
    }

    @Test
    void should_renew_tokens_once_per_refresh_token() {
        Reply login = login("admin", AdminApiServer.PASSWORD);
        String refresh = login.json().get("refreshToken").asText();

        Reply renewed = refresh(refresh);
        assertThat(renewed.status()).isEqualTo(200);
        String newToken = renewed.json().get("token").asText();
        assertThat(server.send("GET", "/apps", null, newToken).status()).isEqualTo(200);
        assertThat(renewed.json().get("refreshToken").asText()).isNotEqualTo(refresh);

        Reply replayed = refresh(refresh);
        assertThat(replayed.status()).as("a refresh token works once").isEqualTo(401);
        assertThat(server.send("GET", "/apps", null, newToken).status())
                .as("a replayed refresh token ends the session it belonged to")
                .isEqualTo(401);
        assertThat(refresh("not-a-token").status()).isEqualTo(401);
    }

    @Test
    void should_refuse_tokens_of_a_removed_admin() {
        server.database
                .adminUsers()
                .upsert(new AdminUser("bob", PasswordHasher.hash("bobs long password"), Instant.now()));
        server.database
                .workspaces()
                .putMember(
                        io.switchboard.runtime.access.Workspace.DEFAULT_ID,
                        "bob",
                        io.switchboard.runtime.access.WorkspaceRole.VIEWER);
        Reply login = login("bob", "bobs long password");
        String token = login.json().get("token").asText();
        assertThat(server.send("GET", "/apps", null, token).status()).isEqualTo(200);

        server.database.adminUsers().delete("bob");

        assertThat(server.send("GET", "/apps", null, token).status()).isEqualTo(401);
        assertThat(refresh(login.json().get("refreshToken").asText()).status()).isEqualTo(401);
    }

    @Test
    void should_tell_caches_not_to_store_login_answers() {
        login("admin", AdminApiServer.PASSWORD);
        assertThat(server.lastHeaders().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void should_answer_401_for_a_refresh_token_of_the_right_shape_the_server_never_issued() {
        // blank by Java's reckoning (spaces, U+001C) but a string of the document's shape: not a token
        // the server issued (401), where it used to be a 400 "refreshToken is required"
        for (String token : new String[] {"   ", "\\u001c", "not-a-token"}) {
            assertThat(refresh(token).status()).as(token).isEqualTo(401);
        }
        assertThat(refresh("").status()).isEqualTo(400);
        assertThat(refresh("x".repeat(201)).status()).isEqualTo(400);
    }

    private Reply login(String username, String password) {
        Reply login = server.send(
                "POST", "/auth/login", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}", null);
        assertThat(login.status()).isEqualTo(200);
        return login;
    }

    private Reply refresh(String refreshToken) {
        return server.send("POST", "/auth/refresh", "{\"refreshToken\":\"" + refreshToken + "\"}", null);
    }
}
