package io.switchboard.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.switchboard.admin.AdminApiServer.Reply;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KnowledgeRoutesTest {
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

    private String createBase(String name) {
        Reply created = server.send("POST", "/knowledge-bases", """
                {"name":"%s","settings":{"chunking":{"size":200,"overlap":20}}}""".formatted(name), token);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    private JsonNode upload(String kbId, String name, byte[] bytes) {
        Reply reply = server.send(
                "POST",
                "/knowledge-bases/" + kbId + "/documents",
                "{\"name\":\"" + name + "\",\"contentBase64\":\""
                        + Base64.getEncoder().encodeToString(bytes) + "\"}",
                token);
        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        return reply.json();
    }

    private JsonNode awaitFinished(String documentId) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    last[0] = server.send("GET", "/knowledge-documents/" + documentId, null, token)
                            .json();
                    String status = last[0].get("status").asText();
                    return status.equals("ready") || status.equals("failed");
                });
        return last[0];
    }

    private JsonNode hitTest(String kbId, String query) {
        Reply reply = server.send(
                "POST", "/knowledge-bases/" + kbId + "/hit-test", "{\"query\":\"" + query + "\",\"topK\":3}", token);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    @Test
    void should_ingest_every_supported_format_and_find_it_in_every_mode() throws Exception {
        String kb = createBase("formats");
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("returns.txt", "退货政策：收到商品七天内可以无理由退货，运费由买家承担。".getBytes(StandardCharsets.UTF_8));
        files.put("shipping.md", "# Shipping\n\nOrders ship within two business days from Hangzhou.".getBytes());
        files.put(
                "hours.html",
                "<html><head><title>Hours</title><script>var x=1;</script></head><body><p>The help desk"
                        .concat(" is open from nine to six on weekdays.</p></body></html>")
                        .getBytes());
        files.put("prices.csv", "product,price\nkettle,199 yuan\nteapot,89 yuan\n".getBytes());
        files.put("warranty.pdf", KnowledgeFiles.pdf("Every kettle carries a two year warranty.", null));
        files.put("care.docx", KnowledgeFiles.docx("Descale the kettle with citric acid once a month."));
        files.put("stores.xlsx", KnowledgeFiles.xlsx(new String[][] {{"city", "store"}, {"Suzhou", "Guanqian Street 12"}
        }));
        List<String> ids = new ArrayList<>();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            JsonNode document = upload(kb, file.getKey(), file.getValue());
            assertThat(document.get("status").asText()).isIn("queued", "parsing", "chunking", "embedding", "ready");
            ids.add(document.get("id").asText());
        }

        for (String id : ids) {
            JsonNode done = awaitFinished(id);
            assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("ready");
            assertThat(done.get("progress").asInt()).isEqualTo(100);
            assertThat(done.get("chunkCount").asInt()).isPositive();
        }
        assertThat(hitTest(kb, "warranty of the kettle")
                        .at("/hybrid/0/documentName")
                        .asText())
                .isEqualTo("warranty.pdf");
        assertThat(hitTest(kb, "descale citric acid")
                        .at("/keyword/0/documentName")
                        .asText())
                .isEqualTo("care.docx");
        assertThat(hitTest(kb, "Suzhou store").at("/keyword/0/documentName").asText())
                .isEqualTo("stores.xlsx");
        assertThat(hitTest(kb, "teapot price").at("/keyword/0/documentName").asText())
                .isEqualTo("prices.csv");
        JsonNode returns = hitTest(kb, "怎么退货");
        assertThat(returns.at("/vector/0/documentName").asText()).isEqualTo("returns.txt");
        assertThat(returns.at("/vector/0/score").asDouble()).isBetween(0.3, 1.0);
        assertThat(returns.at("/keyword/0/documentName").asText()).isEqualTo("returns.txt");
        assertThat(hitTest(kb, "help desk opening hours").at("/hybrid/0/text").asText())
                .doesNotContain("var x");
    }

    @Test
    void should_fail_corrupt_encrypted_and_textless_files_with_a_reason_and_keep_the_others() throws Exception {
        String kb = createBase("bad files");
        String corrupt = upload(kb, "broken.pdf", "%PDF-1.7\nthis is not really a pdf".getBytes())
                .get("id")
                .asText();
        String locked = upload(kb, "locked.pdf", KnowledgeFiles.pdf("secret", "pw"))
                .get("id")
                .asText();
        String empty = upload(kb, "blank.txt", "   \n\n ".getBytes()).get("id").asText();
        String good = upload(kb, "good.txt", "A perfectly fine document about kettles.".getBytes())
                .get("id")
                .asText();

        assertThat(awaitFinished(corrupt).get("error").asText()).containsAnyOf("damaged", "could not be read");
        assertThat(awaitFinished(locked).get("error").asText()).contains("encrypted");
        assertThat(awaitFinished(empty).get("error").asText()).contains("no text");
        assertThat(awaitFinished(good).get("status").asText()).isEqualTo("ready");
        assertThat(awaitFinished(corrupt).get("status").asText()).isEqualTo("failed");
    }

    @Test
    void should_crawl_an_allowlisted_loopback_site_to_its_depth_honouring_robots_txt() throws IOException {
        HttpServer site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        site.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        Map<String, String> pages = Map.of(
                "/",
                "<html><head><title>Home</title></head><body><p>Welcome to the kettle shop.</p>"
                        + "<a href=\"/faq\">FAQ</a> <a href=\"/private/admin\">admin</a>"
                        + " <a href=\"http://10.0.0.1/x\">internal</a></body></html>",
                "/faq",
                "<html><head><title>FAQ</title></head><body><p>Kettles boil one litre in three minutes.</p>"
                        + "<a href=\"/deep\">deeper</a></body></html>",
                "/deep",
                "<html><body><p>Too deep to be crawled.</p></body></html>",
                "/robots.txt",
                "User-agent: *\nDisallow: /private\n");
        pages.forEach((path, body) -> site.createContext(path, exchange -> {
            if (!exchange.getRequestURI().getPath().equals(path)) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders()
                    .add("Content-Type", path.equals("/robots.txt") ? "text/plain" : "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        }));
        site.start();
        try {
            String kb = createBase("site");
            String root = "http://127.0.0.1:" + site.getAddress().getPort() + "/";
            Reply started = server.send(
                    "POST",
                    "/knowledge-bases/" + kb + "/crawl",
                    "{\"url\":\"" + root + "\",\"depth\":1,\"maxPages\":10}",
                    token);
            assertThat(started.status()).as(started.body()).isEqualTo(202);

            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        JsonNode docs = server.send("GET", "/knowledge-bases/" + kb + "/documents", null, token)
                                .json();
                        if (docs.get("items").size() < 2) {
                            return false;
                        }
                        for (JsonNode doc : docs.get("items")) {
                            if (!List.of("ready", "failed")
                                    .contains(doc.get("status").asText())) {
                                return false;
                            }
                        }
                        return true;
                    });
            JsonNode docs = server.send("GET", "/knowledge-bases/" + kb + "/documents", null, token)
                    .json();
            Map<String, JsonNode> byUri = new LinkedHashMap<>();
            docs.get("items").forEach(doc -> byUri.put(doc.get("sourceUri").asText(), doc));
            assertThat(byUri).containsKeys(root, root + "faq", root + "private/admin");
            assertThat(byUri).doesNotContainKeys(root + "deep", "http://10.0.0.1/x");
            assertThat(byUri.get(root + "faq").get("status").asText()).isEqualTo("ready");
            assertThat(byUri.get(root + "faq").get("name").asText()).isEqualTo("FAQ");
            assertThat(byUri.get(root + "private/admin").get("error").asText()).contains("robots.txt");
            assertThat(hitTest(kb, "how fast does a kettle boil")
                            .at("/hybrid/0/documentName")
                            .asText())
                    .isEqualTo("FAQ");
        } finally {
            site.stop(0);
        }
    }

    @Test
    void should_refuse_crawling_internal_addresses_and_bad_inputs_with_4xx_json() {
        String kb = createBase("guarded");
        Reply internal = server.send(
                "POST",
                "/knowledge-bases/" + kb + "/crawl",
                "{\"url\":\"http://169.254.169.254/latest/meta-data\"}",
                token);
        Reply scheme =
                server.send("POST", "/knowledge-bases/" + kb + "/crawl", "{\"url\":\"file:///etc/passwd\"}", token);
        Reply tooDeep = server.send(
                "POST", "/knowledge-bases/" + kb + "/crawl", "{\"url\":\"http://127.0.0.1:9/\",\"depth\":9}", token);
        Reply badBase64 = server.send(
                "POST",
                "/knowledge-bases/" + kb + "/documents",
                "{\"name\":\"a.txt\",\"contentBase64\":\"***\"}",
                token);
        Reply noName = server.send("POST", "/knowledge-bases", "{\"settings\":{}}", token);
        Reply badChunking = server.send(
                "POST", "/knowledge-bases", "{\"name\":\"x\",\"settings\":{\"chunking\":{\"size\":10}}}", token);
        Reply badModel = server.send(
                "POST",
                "/knowledge-bases",
                "{\"name\":\"x\",\"settings\":{\"embedding\":{\"model\":\"gpt-9\"}}}",
                token);
        Reply missingBase = server.send("GET", "/knowledge-bases/kb_nope/documents", null, token);
        Reply missingDoc = server.send("POST", "/knowledge-documents/doc_nope/reindex", null, token);
        Reply emptyQuery = server.send("POST", "/knowledge-bases/" + kb + "/hit-test", "{\"query\":\"\"}", token);

        assertThat(internal.status()).isEqualTo(400);
        assertThat(internal.json().at("/error/message").asText()).contains("metadata");
        assertThat(scheme.status()).isEqualTo(400);
        assertThat(tooDeep.status()).isEqualTo(400);
        assertThat(badBase64.status()).isEqualTo(400);
        assertThat(badBase64.json().at("/error/message").asText()).contains("base64");
        assertThat(noName.status()).isEqualTo(400);
        assertThat(badChunking.json().at("/error/message").asText()).contains("chunking.size");
        assertThat(badModel.json().at("/error/message").asText()).contains("embedding.model");
        assertThat(missingBase.status()).isEqualTo(404);
        assertThat(missingDoc.status()).isEqualTo(404);
        assertThat(emptyQuery.status()).isEqualTo(400);
        for (Reply reply :
                List.of(internal, scheme, tooDeep, badBase64, noName, badChunking, missingBase, emptyQuery)) {
            assertThat(reply.contentType()).startsWith("application/json");
        }
    }

    @Test
    void should_list_edit_disable_and_delete_chunks_and_documents() {
        String kb = createBase("editing");
        String doc = upload(kb, "note.txt", "The kettle is blue.".getBytes())
                .get("id")
                .asText();
        awaitFinished(doc);
        JsonNode chunks = server.send("GET", "/knowledge-documents/" + doc + "/chunks", null, token)
                .json();
        String chunkId = chunks.at("/items/0/id").asText();

        Reply edited =
                server.send("PUT", "/knowledge-chunks/" + chunkId, "{\"text\":\"The kettle is bright red.\"}", token);
        assertThat(edited.status()).isEqualTo(200);
        assertThat(hitTest(kb, "red kettle").at("/keyword/0/text").asText()).isEqualTo("The kettle is bright red.");

        Reply disabled = server.send("PUT", "/knowledge-documents/" + doc + "/enabled", "{\"enabled\":false}", token);
        assertThat(disabled.json().get("enabled").asBoolean()).isFalse();
        assertThat(hitTest(kb, "red kettle").get("keyword")).isEmpty();
        server.send("PUT", "/knowledge-documents/" + doc + "/enabled", "{\"enabled\":true}", token);
        assertThat(hitTest(kb, "red kettle").get("keyword")).hasSize(1);

        Reply chunkOff = server.send("PUT", "/knowledge-chunks/" + chunkId + "/enabled", "{\"enabled\":false}", token);
        assertThat(chunkOff.status()).as(chunkOff.body()).isEqualTo(200);
        assertThat(chunkOff.json().get("enabled").asBoolean()).isFalse();
        assertThat(hitTest(kb, "red kettle").get("keyword"))
                .as("a switched-off chunk is not found")
                .isEmpty();
        assertThat(server.send("GET", "/knowledge-documents/" + doc + "/chunks", null, token)
                        .json()
                        .at("/items/0/enabled")
                        .asBoolean())
                .isFalse();
        server.send("PUT", "/knowledge-documents/" + doc + "/enabled", "{\"enabled\":false}", token);
        server.send("PUT", "/knowledge-documents/" + doc + "/enabled", "{\"enabled\":true}", token);
        assertThat(hitTest(kb, "red kettle").get("keyword"))
                .as("enabling the document leaves the chunk off")
                .isEmpty();
        server.send("PUT", "/knowledge-chunks/" + chunkId + "/enabled", "{\"enabled\":true}", token);
        assertThat(hitTest(kb, "red kettle").get("keyword")).hasSize(1);
        assertThat(server.send("PUT", "/knowledge-chunks/ch_missing/enabled", "{\"enabled\":true}", token)
                        .status())
                .isEqualTo(404);
        assertThat(server.send("PUT", "/knowledge-chunks/" + chunkId + "/enabled", "{}", token)
                        .status())
                .isEqualTo(400);

        Reply reindexed = server.send("POST", "/knowledge-documents/" + doc + "/reindex", null, token);
        assertThat(reindexed.status()).isEqualTo(202);
        assertThat(awaitFinished(doc).get("status").asText()).isEqualTo("ready");
        assertThat(hitTest(kb, "blue kettle").at("/keyword/0/text").asText()).isEqualTo("The kettle is blue.");

        assertThat(server.send("DELETE", "/knowledge-documents/" + doc, null, token)
                        .status())
                .isEqualTo(204);
        assertThat(hitTest(kb, "blue kettle").get("hybrid")).isEmpty();
        assertThat(server.send("DELETE", "/knowledge-bases/" + kb, null, token).status())
                .isEqualTo(204);
        assertThat(server.send("GET", "/knowledge-bases/" + kb, null, token).status())
                .isEqualTo(404);
    }

    @Test
    void should_link_knowledge_to_an_app_and_refuse_unknown_bases() {
        String kb = createBase("linked");
        server.send("POST", "/apps", Samples.app("kb-app", "KB app", null), token);

        Reply linked = server.send(
                "PUT",
                "/apps/kb-app/knowledge",
                "{\"knowledgeBaseIds\":[\"" + kb + "\"],\"topK\":3,\"scoreThreshold\":0.4,\"mode\":\"keyword\"}",
                token);
        Reply fetched = server.send("GET", "/apps/kb-app/knowledge", null, token);
        Reply unknownBase =
                server.send("PUT", "/apps/kb-app/knowledge", "{\"knowledgeBaseIds\":[\"kb_missing\"]}", token);
        Reply badMode = server.send(
                "PUT", "/apps/kb-app/knowledge", "{\"knowledgeBaseIds\":[\"" + kb + "\"],\"mode\":\"psychic\"}", token);
        Reply badTopK = server.send(
                "PUT", "/apps/kb-app/knowledge", "{\"knowledgeBaseIds\":[\"" + kb + "\"],\"topK\":0}", token);
        Reply noApp = server.send("PUT", "/apps/ghost/knowledge", "{\"knowledgeBaseIds\":[\"" + kb + "\"]}", token);

        assertThat(linked.status()).as(linked.body()).isEqualTo(200);
        assertThat(fetched.json().get("mode").asText()).isEqualTo("keyword");
        assertThat(fetched.json().get("topK").asInt()).isEqualTo(3);
        assertThat(unknownBase.status()).isEqualTo(400);
        assertThat(badMode.status()).isEqualTo(400);
        assertThat(badTopK.status()).isEqualTo(400);
        assertThat(noApp.status()).isEqualTo(404);
        assertThat(server.send("DELETE", "/apps/kb-app/knowledge", null, token).status())
                .isEqualTo(204);
        assertThat(server.send("GET", "/apps/kb-app/knowledge", null, token).status())
                .isEqualTo(404);
        assertThat(server.send("DELETE", "/apps/kb-app/knowledge", null, token).status())
                .isEqualTo(404);
    }

    @Test
    void should_keep_links_in_the_draft_until_published_and_roll_them_back_with_a_version() {
        String kb = createBase("versioned");
        server.send("POST", "/apps", Samples.app("kb-versions", "KB versions", null), token);
        server.send("POST", "/apps/kb-versions/publish", "{\"note\":\"no knowledge\"}", token);

        Reply linked =
                server.send("PUT", "/apps/kb-versions/knowledge", "{\"knowledgeBaseIds\":[\"" + kb + "\"]}", token);

        assertThat(linked.status()).as(linked.body()).isEqualTo(200);
        assertThat(linked.json().get("appId").asText()).isEqualTo("kb-versions");
        JsonNode app = server.send("GET", "/apps/kb-versions", null, token).json();
        assertThat(app.at("/draft/knowledge/knowledgeBaseIds/0").asText()).isEqualTo(kb);
        assertThat(app.at("/draft/knowledge/topK").asInt()).isEqualTo(4);
        assertThat(server.send("GET", "/apps/kb-versions/versions/1", null, token)
                        .json()
                        .at("/config/knowledge")
                        .isNull())
                .as("the published version is untouched")
                .isTrue();

        Reply v2 = server.send("POST", "/apps/kb-versions/publish", "{\"note\":\"with knowledge\"}", token);
        assertThat(v2.json().at("/config/knowledge/knowledgeBaseIds/0").asText())
                .isEqualTo(kb);

        Reply patched = server.send(
                "PATCH", "/apps/kb-versions/draft", "{\"knowledge\":{\"topK\":2,\"mode\":\"vector\"}}", token);
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().at("/draft/knowledge/topK").asInt()).isEqualTo(2);
        assertThat(patched.json().at("/draft/knowledge/knowledgeBaseIds/0").asText())
                .isEqualTo(kb);
        Reply unknown = server.send(
                "PATCH", "/apps/kb-versions/draft", "{\"knowledge\":{\"knowledgeBaseIds\":[\"kb_ghost\"]}}", token);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("knowledge.knowledgeBaseIds").contains("kb_ghost");

        server.send("POST", "/apps/kb-versions/rollback", "{\"version\":1}", token);
        JsonNode published =
                server.send("GET", "/apps/kb-versions/versions/1", null, token).json();
        assertThat(published.get("published").asBoolean()).isTrue();
        assertThat(published.at("/config/knowledge").isNull()).isTrue();

        // A base deleted later stays named in the draft (retrieval skips it) and does not block saving.
        assertThat(server.send("DELETE", "/knowledge-bases/" + kb, null, token).status())
                .isEqualTo(204);
        assertThat(server.send("PATCH", "/apps/kb-versions/draft", "{\"systemPrompt\":\"x\"}", token)
                        .status())
                .isEqualTo(200);
    }
}
