package io.switchboard.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.admin.AdminApiServer.Reply;
import io.switchboard.testkit.FakeAnthropicServer;
import io.switchboard.testkit.FakeGeminiServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Anthropic, Gemini and Azure OpenAI providers through the admin API: options, validation, masking. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostedProviderRoutesTest {
    private static final String KEY = "sk-ant-api03-0123456789abcdefQRST";
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

    private Reply create(String body) {
        return server.send("POST", "/providers", body, token);
    }

    @Test
    void should_create_an_anthropic_provider_with_its_defaults_and_a_masked_key() {
        Reply created = create("""
                {"id":"claude","kind":"ANTHROPIC","baseUrl":"https://api.anthropic.com/v1","apiKey":"%s"}""".formatted(KEY));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body()).doesNotContain(KEY);
        assertThat(created.json().get("apiKeyHint").asText()).isEqualTo("…QRST");
        assertThat(created.json().at("/options/maxTokens").asInt()).isEqualTo(1024);
        assertThat(created.json().at("/options/apiVersion").asText()).isEqualTo("2023-06-01");
        Reply fetched = server.send("GET", "/providers/claude", null, token);
        assertThat(fetched.json().get("kind").asText()).isEqualTo("ANTHROPIC");
        assertThat(fetched.body()).doesNotContain(KEY);
    }

    @Test
    void should_refuse_an_azure_provider_without_api_version_naming_the_field() {
        Reply missing = create("""
                {"id":"azure-a","kind":"AZURE_OPENAI","baseUrl":"https://contoso.openai.azure.com","apiKey":"k"}""");
        Reply malformed = create("""
                {"id":"azure-b","kind":"AZURE_OPENAI","baseUrl":"https://contoso.openai.azure.com",\
                "options":{"apiVersion":"latest"}}""");
        Reply withPath = create("""
                {"id":"azure-c","kind":"AZURE_OPENAI","baseUrl":"https://contoso.openai.azure.com/openai/deployments/x",\
                "options":{"apiVersion":"2024-10-21"}}""");

        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().at("/error/message").asText()).contains("options.apiVersion");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().at("/error/message").asText()).contains("options.apiVersion");
        assertThat(withPath.status()).isEqualTo(400);
        assertThat(withPath.json().at("/error/message").asText()).contains("baseUrl");
        assertThat(server.send("GET", "/providers/azure-a", null, token).status())
                .isEqualTo(404);
    }

    @Test
    void should_refuse_options_of_another_kind_and_unknown_safety_names() {
        Reply safetyOnOpenAi = create(Samples.provider("openai-safety")
                .replace(
                        "\"maxRetries\":1",
                        "\"maxRetries\":1,\"options\":{\"safetySettings\":"
                                + "{\"HARM_CATEGORY_HARASSMENT\":\"BLOCK_NONE\"}}"));
        Reply badCategory = create("""
                {"id":"gemini-bad","kind":"GEMINI","baseUrl":"https://generativelanguage.googleapis.com/v1beta",\
                "options":{"safetySettings":{"HARM_CATEGORY_RUDENESS":"BLOCK_NONE"}}}""");
        Reply badThreshold = create("""
                {"id":"gemini-bad2","kind":"GEMINI","baseUrl":"https://generativelanguage.googleapis.com/v1beta",\
                "options":{"safetySettings":{"HARM_CATEGORY_HARASSMENT":"SOMETIMES"}}}""");
        Reply unknownOption = create("""
                {"id":"gemini-bad3","kind":"GEMINI","baseUrl":"https://generativelanguage.googleapis.com/v1beta",\
                "options":{"temperature":3}}""");
        Reply zeroTokens = create("""
                {"id":"claude-zero","kind":"ANTHROPIC","baseUrl":"https://api.anthropic.com/v1",\
                "options":{"maxTokens":0}}""");

        assertThat(safetyOnOpenAi.status()).isEqualTo(400);
        assertThat(safetyOnOpenAi.json().at("/error/message").asText()).contains("options.safetySettings", "GEMINI");
        assertThat(badCategory.status()).isEqualTo(400);
        assertThat(badCategory.json().at("/error/message").asText()).contains("HARM_CATEGORY_RUDENESS");
        assertThat(badThreshold.status()).isEqualTo(400);
        assertThat(badThreshold.json().at("/error/message").asText())
                .contains("options.safetySettings.HARM_CATEGORY_HARASSMENT");
        assertThat(unknownOption.status()).isEqualTo(400);
        assertThat(unknownOption.json().at("/error/message").asText()).contains("temperature");
        assertThat(zeroTokens.status()).isEqualTo(400);
        assertThat(zeroTokens.json().at("/error/message").asText()).contains("options.maxTokens");
    }

    @Test
    void should_store_gemini_safety_settings_and_keep_them_on_update() {
        Reply created = create("""
                {"id":"gemini","kind":"GEMINI","baseUrl":"https://generativelanguage.googleapis.com/v1beta",\
                "apiKey":"AIzaSyA-0123456789abcdef","options":{"safetySettings":\
                {"HARM_CATEGORY_DANGEROUS_CONTENT":"BLOCK_LOW_AND_ABOVE"}}}""");
        Reply updated = server.send("PUT", "/providers/gemini", """
                {"kind":"GEMINI","baseUrl":"https://generativelanguage.googleapis.com/v1beta",\
                "options":{"maxTokens":512,"safetySettings":{"HARM_CATEGORY_HARASSMENT":"BLOCK_ONLY_HIGH"}}}""", token);

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json()
                        .at("/options/safetySettings/HARM_CATEGORY_DANGEROUS_CONTENT")
                        .asText())
                .isEqualTo("BLOCK_LOW_AND_ABOVE");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().get("apiKeySet").asBoolean()).isTrue();
        Reply fetched = server.send("GET", "/providers/gemini", null, token);
        assertThat(fetched.json().at("/options/maxTokens").asInt()).isEqualTo(512);
        assertThat(fetched.json()
                        .at("/options/safetySettings/HARM_CATEGORY_HARASSMENT")
                        .asText())
                .isEqualTo("BLOCK_ONLY_HIGH");
        assertThat(fetched.json()
                        .at("/options/safetySettings/HARM_CATEGORY_DANGEROUS_CONTENT")
                        .isMissingNode())
                .isTrue();
    }

    @Test
    void should_refuse_an_app_whose_azure_model_name_is_no_deployment_name() {
        create("""
                {"id":"azure-app","kind":"AZURE_OPENAI","baseUrl":"https://contoso.openai.azure.com",\
                "apiKey":"k","options":{"apiVersion":"2024-10-21"}}""");

        Reply bad = server.send(
                "POST",
                "/apps",
                Samples.app("on-azure", "On Azure", "azure-app").replace("gpt-4o-mini", "gpt 4o/../x"),
                token);
        Reply good = server.send("POST", "/apps", Samples.app("on-azure", "On Azure", "azure-app"), token);

        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().at("/error/message").asText()).contains("model.modelName", "deployment");
        assertThat(good.status()).isEqualTo(201);
    }

    @Test
    void should_list_the_models_of_anthropic_and_gemini_with_their_own_key_headers() {
        try (FakeAnthropicServer anthropic =
                        FakeAnthropicServer.create().expectApiKey(KEY).start();
                FakeGeminiServer gemini =
                        FakeGeminiServer.create().expectApiKey(KEY).start()) {
            create("""
                    {"id":"claude-models","kind":"ANTHROPIC","baseUrl":"%s","apiKey":"%s"}""".formatted(anthropic.baseUrl(), KEY));
            create("""
                    {"id":"gemini-models","kind":"GEMINI","baseUrl":"%s","apiKey":"%s"}""".formatted(gemini.baseUrl(), KEY));

            Reply claude = server.send("GET", "/providers/claude-models/models", null, token);
            Reply flash = server.send("GET", "/providers/gemini-models/models", null, token);

            assertThat(claude.status()).isEqualTo(200);
            assertThat(claude.json().get("items").get(0).asText()).isEqualTo(FakeAnthropicServer.MODEL_ID);
            assertThat(anthropic.requests().getLast().header("anthropic-version"))
                    .isEqualTo("2023-06-01");
            assertThat(flash.status()).isEqualTo(200);
            assertThat(flash.json().get("items").get(0).asText()).isEqualTo(FakeGeminiServer.MODEL_ID);
        }
    }

    @Test
    void should_answer_400_when_asked_for_the_deployments_of_an_azure_provider() {
        create("""
                {"id":"azure-list","kind":"AZURE_OPENAI","baseUrl":"https://contoso.openai.azure.com",\
                "options":{"apiVersion":"2024-10-21"}}""");

        Reply reply = server.send("GET", "/providers/azure-list/models", null, token);

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.json().at("/error/message").asText()).contains("deployment");
    }

    @Test
    void should_create_a_dashscope_provider_and_refuse_options_it_does_not_take_and_a_model_listing() {
        Reply created = create("""
                {"id":"qwen","kind":"DASHSCOPE","baseUrl":"https://dashscope.aliyuncs.com/api/v1","apiKey":"%s",\
                "options":{"maxTokens":2000}}""".formatted(KEY));
        Reply versioned = create("""
                {"id":"qwen-b","kind":"DASHSCOPE","baseUrl":"https://dashscope.aliyuncs.com/api/v1",\
                "options":{"apiVersion":"2024-10-21"}}""");

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).doesNotContain(KEY);
        assertThat(created.json().get("kind").asText()).isEqualTo("DASHSCOPE");
        assertThat(created.json().at("/options/maxTokens").asInt()).isEqualTo(2000);
        assertThat(versioned.status()).isEqualTo(400);
        assertThat(versioned.json().at("/error/message").asText()).contains("options.apiVersion");
        Reply models = server.send("GET", "/providers/qwen/models", null, token);
        assertThat(models.status()).isEqualTo(409);
        assertThat(models.json().at("/error/message").asText())
                .contains("DASHSCOPE")
                .contains("model name");
    }
}
