package io.switchboard.runtime.knowledge;

import java.net.URI;

/**
 * What to crawl.
 *
 * @param url the first page (http or https)
 * @param depth links followed from the first page: 0 for that page only (default)
 * @param maxPages pages fetched at most (default 20)
 * @param sameHost only follow links to the first page's host (default true)
 */
public record CrawlRequest(String url, Integer depth, Integer maxPages, Boolean sameHost) {
    public CrawlRequest {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("url is required");
        }
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("url is not a valid URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException("url must be an absolute http or https URL");
        }
        url = url.strip();
        depth = depth == null ? 0 : depth;
        maxPages = maxPages == null ? 20 : maxPages;
        sameHost = sameHost == null || sameHost;
        if (depth < 0 || maxPages < 1) {
            throw new IllegalArgumentException("depth must be >= 0 and maxPages >= 1");
        }
    }
}
