package io.switchboard.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.admin.AdminApi;
import org.junit.jupiter.api.Test;

/** The {@code Allow} header of a 405 / OPTIONS comes from the most literal documented path template. */
class DocumentedMethodsTest {

    @Test
    void should_take_a_literal_path_before_a_template_listed_before_it() {
        // given a document listing the template first, as openapi.yaml does for /apps/{id} and /apps/import
        DocumentedMethods documented = DocumentedMethods.parse("""
                paths:
                  /apps/{id}:
                    get: {}
                    delete: {}
                  /apps/{id}/keys/{keyId}:
                    delete: {}
                  /apps/{id}/keys/new:
                    post: {}
                  /apps/import:
                    post: {}
                """);

        // then each path answers with its own methods
        assertThat(documented.allow("/apps/import")).isEqualTo("POST");
        assertThat(documented.allow("/apps/a1")).isEqualTo("GET, HEAD, DELETE");
        assertThat(documented.allow("/apps/a1/keys/new")).isEqualTo("POST");
        assertThat(documented.allow("/apps/a1/keys/k1")).isEqualTo("DELETE");
        assertThat(documented.allow("/apps/a1/nothing")).isNull();
    }

    @Test
    void should_compare_templates_from_the_left_segment_first() {
        DocumentedMethods documented = DocumentedMethods.parse("""
                paths:
                  /a/{x}/c:
                    put: {}
                  /a/b/{y}:
                    patch: {}
                """);

        // /a/b/c matches both: the one literal at the first differing segment wins
        assertThat(documented.allow("/a/b/c")).isEqualTo("PATCH");
        assertThat(documented.allow("/a/z/c")).isEqualTo("PUT");
    }

    @Test
    void should_answer_the_literal_admin_paths_of_the_served_document_with_their_own_methods() {
        DocumentedMethods documented = DocumentedMethods.parse(AdminApi.openApiYaml());

        assertThat(documented.allow("/admin/v1/apps/import")).isEqualTo("POST");
        assertThat(documented.allow("/admin/v1/apps/from-template")).isEqualTo("POST");
        assertThat(documented.allow("/admin/v1/auth/identities/phone/send")).isEqualTo("POST");
        assertThat(documented.allow("/admin/v1/auth/identities/phone")).isEqualTo("POST");
        assertThat(documented.allow("/admin/v1/auth/identities/external/start")).isEqualTo("POST");
        assertThat(documented.allow("/admin/v1/apps/some-app")).contains("GET").contains("DELETE");
    }
}
