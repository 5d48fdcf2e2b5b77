package io.switchboard.runtime.tool;

/**
 * An OpenAPI import: the document itself ({@code document}, JSON or YAML) or where to fetch it
 * ({@code documentUrl}, through the SSRF guard); {@code baseUrl} overrides the document's server URL.
 */
public record OpenApiImportRequest(
        String name, String description, String document, String documentUrl, String baseUrl, ToolAuth auth) {
    public OpenApiImportRequest {
        if (name == null || name.isBlank() || name.codePointCount(0, name.length()) > 200) {
            throw new IllegalArgumentException("name must be 1-200 characters");
        }
        boolean hasDocument = document != null && !document.isBlank();
        boolean hasUrl = documentUrl != null && !documentUrl.isBlank();
        if (hasDocument == hasUrl) {
            throw new IllegalArgumentException("give exactly one of document and documentUrl");
        }
        if (hasDocument && document.codePointCount(0, document.length()) > 2_000_000) {
            throw new IllegalArgumentException("document must be at most 2000000 characters");
        }
        description = description == null ? "" : description;
        if (description.codePointCount(0, description.length()) > 2000) {
            throw new IllegalArgumentException("description must be at most 2000 characters");
        }
        baseUrl = baseUrl == null || baseUrl.isBlank() ? null : baseUrl;
        auth = auth == null ? ToolAuth.NONE : auth;
    }
}
