package io.switchboard.gateway.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.runtime.security.Secret;
import io.vertx.ext.web.handler.HttpException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ApprovalLinksTest {
    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
    private final ApprovalLinks links =
            ApprovalLinks.create(Secret.of("cluster-secret"), Clock.fixed(NOW, ZoneOffset.UTC));
    private final ApprovalLinks.Claim claim =
            new ApprovalLinks.Claim("wf-1", "run-1", "review", "staff:b1:42", NOW.plusSeconds(3600));

    @Test
    void should_give_back_the_claim_of_a_token_signed_by_any_member_with_the_same_secret() {
        ApprovalLinks otherMember = ApprovalLinks.create(Secret.of("cluster-secret"), Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(otherMember.verify(links.token(claim))).isEqualTo(claim);
    }

    @Test
    void should_refuse_a_token_of_another_secret_an_altered_claim_and_junk_with_404() {
        String foreign = ApprovalLinks.create(Secret.of("other-secret"), Clock.systemUTC())
                .token(claim);
        String token = links.token(claim);
        String forged = java.util.Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString("wf-1\nrun-2\nreview\nstaff:b1:42\n1999999999".getBytes())
                + token.substring(token.indexOf('.'));
        for (String bad : new String[] {foreign, forged, "", "abc", "a.b", token + "x", "%%%.%%%"}) {
            assertThatThrownBy(() -> links.verify(bad))
                    .as(bad)
                    .isInstanceOfSatisfying(
                            HttpException.class,
                            e -> assertThat(e.getStatusCode()).isEqualTo(404));
        }
    }

    @Test
    void should_refuse_an_expired_token_with_410() {
        ApprovalLinks later =
                ApprovalLinks.create(Secret.of("cluster-secret"), Clock.fixed(NOW.plusSeconds(3600), ZoneOffset.UTC));
        assertThatThrownBy(() -> later.verify(links.token(claim)))
                .isInstanceOfSatisfying(
                        HttpException.class, e -> assertThat(e.getStatusCode()).isEqualTo(410));
    }

    @Test
    void should_keep_edited_fields_in_the_type_they_had() {
        assertThat(ApprovalRoutes.typed("n", "12.5", 3)).isEqualTo(12.5);
        assertThat(ApprovalRoutes.typed("s", "12", "old")).isEqualTo("12");
        assertThat(ApprovalRoutes.typed("o", "{\"a\":1}", java.util.Map.of())).isEqualTo(java.util.Map.of("a", 1));
        assertThatThrownBy(() -> ApprovalRoutes.typed("n", "twelve", 3))
                .isInstanceOfSatisfying(
                        HttpException.class,
                        e -> assertThat(e.getPayload()).contains("'n'").contains("number"));
        assertThatThrownBy(() -> ApprovalRoutes.typed("n", "\"12\"", 3)).isInstanceOf(HttpException.class);
    }
}
