package io.switchboard.runtime.knowledge;

import io.switchboard.runtime.net.FetchException;
import io.switchboard.runtime.net.HttpResult;
import io.switchboard.runtime.net.SafeHttpClient;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Breadth-first crawl from one page: every page becomes a document of the knowledge base, fetched through
 * the SSRF guard with robots.txt honoured, up to a depth and a page count, on the first page's host unless
 * told otherwise. Runs on one virtual thread per crawl; pages are handed to {@link Ingestion} as fetched.
 */
final class Crawler {
    private static final Logger LOG = LoggerFactory.getLogger(Crawler.class);

    private record Page(String knowledgeBaseId, URI uri, int depth, KnowledgeDocument document) {}

    private final KnowledgeCatalog catalog;
    private final Ingestion ingestion;
    private final SafeHttpClient http;
    private final DocumentParser parser;

    Crawler(KnowledgeCatalog catalog, Ingestion ingestion, SafeHttpClient http, DocumentParser parser) {
        this.catalog = catalog;
        this.ingestion = ingestion;
        this.http = http;
        this.parser = parser;
    }

    /** Creates the first page's document and crawls on in the background. */
    KnowledgeDocument start(String knowledgeBaseId, URI seed, int depth, int maxPages, boolean sameHost) {
        KnowledgeDocument first = newDocument(knowledgeBaseId, seed);
        ingestion.background(
                () -> crawl(knowledgeBaseId, new Page(knowledgeBaseId, seed, 0, first), depth, maxPages, sameHost));
        return first;
    }

    /** Fetches one URL document again and re-ingests it. */
    void refetch(KnowledgeDocument document) {
        ingestion.background(() ->
                fetchAndIngest(new Page(document.knowledgeBaseId(), URI.create(document.sourceUri()), 0, document)));
    }

    private void crawl(String knowledgeBaseId, Page seed, int depth, int maxPages, boolean sameHost) {
        Deque<Page> queue = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        queue.add(seed);
        seen.add(key(seed.uri()));
        int fetched = 0;
        while (!queue.isEmpty() && fetched < maxPages) {
            Page page = queue.poll();
            fetched++;
            DocumentParser.Parsed parsed = fetchAndIngest(page);
            if (parsed == null || page.depth() >= depth) {
                continue;
            }
            for (URI link : parsed.links()) {
                String scheme = link.getScheme() == null ? "" : link.getScheme().toLowerCase(Locale.ROOT);
                if (!scheme.equals("http") && !scheme.equals("https") || link.getHost() == null) {
                    continue;
                }
                if (sameHost && !link.getHost().equalsIgnoreCase(seed.uri().getHost())) {
                    continue;
                }
                if (fetched + queue.size() >= maxPages || !seen.add(key(link))) {
                    continue;
                }
                URI clean = withoutFragment(link);
                queue.add(new Page(knowledgeBaseId, clean, page.depth() + 1, null));
            }
        }
        LOG.info(
                "crawl of knowledge base {} from {} fetched {} pages",
                knowledgeBaseId,
                seed.uri().getHost(),
                fetched);
    }

    private DocumentParser.Parsed fetchAndIngest(Page page) {
        KnowledgeDocument document = page.document() != null ? page.document() : null;
        try {
            if (document == null) {
                document = newDocument(page.knowledgeBaseId(), page.uri());
            }
            if (!catalog.updateStatus(document.id(), DocumentStatus.FETCHING, 2, null)) {
                return null;
            }
            if (!http.allowedByRobots(page.uri())) {
                catalog.updateStatus(
                        document.id(),
                        DocumentStatus.FAILED,
                        100,
                        "robots.txt of " + page.uri().getHost() + " disallows fetching this page");
                return null;
            }
            HttpResult result = http.get(page.uri());
            if (!result.successful()) {
                catalog.updateStatus(
                        document.id(),
                        DocumentStatus.FAILED,
                        100,
                        "the page answered with HTTP status " + result.status());
                return null;
            }
            String name = result.finalUri().toString();
            DocumentParser.Parsed parsed =
                    parser.parse(result.body(), name, result.header("content-type"), result.finalUri());
            String title = parsed.title() == null || parsed.title().isBlank()
                    ? null
                    : parsed.title().strip();
            catalog.saveContent(document.id(), title, parsed.mediaType(), result.body().length, parsed.text());
            String text = parsed.text();
            ingestion.submit(document, ignored -> text);
            return parsed;
        } catch (FetchException | DocumentParser.ParseFailure e) {
            if (document != null) {
                catalog.updateStatus(document.id(), DocumentStatus.FAILED, 100, e.getMessage());
            }
            return null;
        } catch (RuntimeException e) {
            LOG.warn("crawling {} failed", page.uri().getHost(), e);
            if (document != null) {
                catalog.updateStatus(
                        document.id(),
                        DocumentStatus.FAILED,
                        100,
                        "crawling failed: " + e.getClass().getSimpleName());
            }
            return null;
        }
    }

    private KnowledgeDocument newDocument(String knowledgeBaseId, URI uri) {
        return catalog.createDocument(knowledgeBaseId, uri.toString(), KnowledgeDocument.URL, uri.toString(), null, 0);
    }

    private static String key(URI uri) {
        return withoutFragment(uri).toString();
    }

    private static URI withoutFragment(URI uri) {
        try {
            return new URI(
                    uri.getScheme(),
                    uri.getRawAuthority() == null ? null : uri.getAuthority(),
                    uri.getPath(),
                    uri.getQuery(),
                    null);
        } catch (Exception e) {
            return uri;
        }
    }
}
