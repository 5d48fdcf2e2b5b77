package io.switchboard.runtime.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.exception.TimeoutException;
import io.switchboard.runtime.security.Secret;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** The one place where LangChain4j's and the JDK's exceptions become {@link ModelFailure}s. */
final class FailureMapper {
    private static final int MAX_DETAIL = 300;
    private static final ObjectMapper JSON = new ObjectMapper();

    private FailureMapper() {}

    /** A failure of {@code provider}; its message and cause never carry the provider's key. */
    static ModelFailure map(ProviderConfig provider, Throwable thrown) {
        Throwable error = unwrap(thrown);
        if (error instanceof ModelFailure failure) {
            return failure; // already ours (a refused endpoint): mapping it again would hide its reason
        }
        int status = httpStatus(error);
        boolean retriable;
        String what;
        if (status == 429) {
            retriable = true;
            what = "rate limited (HTTP 429)";
        } else if (status >= 500) {
            retriable = true;
            what = "server error (HTTP " + status + ")";
        } else if (status >= 400) {
            retriable = false;
            // Gemini answers a bad key with 400 and reason API_KEY_INVALID rather than 401.
            boolean keyRejected = status == 401
                    || status == 403
                    || status == 400 && detail(error).contains("API_KEY_INVALID");
            what = keyRejected
                    ? "rejected the API key (HTTP " + status + ")"
                    : switch (status) {
                        case 404 -> "does not know the model or URL (HTTP 404)";
                        default -> "rejected the request (HTTP " + status + ")";
                    };
        } else if (isTimeout(error)) {
            retriable = true;
            what = "timed out after " + provider.timeout().toMillis() + " ms";
        } else if (has(error, IOException.class) || error instanceof RetriableException) {
            retriable = true;
            what = "connection failed";
        } else {
            retriable = false;
            what = "call failed";
        }
        String detail = detail(error);
        boolean mentionsKey = false;
        for (Secret key : provider.keys()) {
            detail = scrub(detail, key.reveal());
            mentionsKey |= mentions(error, key.reveal());
        }
        String message = "provider '" + provider.id() + "' " + what + (detail.isEmpty() ? "" : ": " + detail);
        // A cause whose text holds a key would print it in a stack trace: leave such a cause out.
        Throwable cause = mentionsKey ? null : error;
        return new ModelFailure(
                message, retriable, status, cause, status >= 400 ? reason(detail) : null, retryAfter(error));
    }

    /** Why a call failed, as the failover counts it. */
    static FailoverReason reason(ModelFailure failure) {
        Throwable cause = failure.getCause();
        if (has(cause, io.github.resilience4j.circuitbreaker.CallNotPermittedException.class)) {
            return FailoverReason.CIRCUIT_OPEN;
        }
        if (has(cause, io.github.resilience4j.bulkhead.BulkheadFullException.class)) {
            return FailoverReason.BUSY;
        }
        if (has(cause, KeyRing.AllKeysCooling.class)) {
            return FailoverReason.KEYS_COOLING;
        }
        int status = failure.httpStatus();
        if (status == 429) {
            return FailoverReason.RATE_LIMITED;
        }
        if (status == 401 || status == 403) {
            return FailoverReason.KEY_REJECTED;
        }
        if (status == 404) {
            return FailoverReason.NOT_FOUND;
        }
        if (status >= 500) {
            return FailoverReason.SERVER_ERROR;
        }
        if (status >= 400) {
            return FailoverReason.REJECTED;
        }
        if (cause != null && isTimeout(cause)) {
            return FailoverReason.TIMEOUT;
        }
        return failure.retriable() ? FailoverReason.CONNECTION : FailoverReason.OTHER;
    }

    private static java.time.Duration retryAfter(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ProviderHttpException http) {
                return http.retryAfter();
            }
        }
        return null;
    }

    static ModelFailure timeout(ProviderConfig provider) {
        return map(provider, new TimeoutException("no complete answer within the timeout"));
    }

    private static Throwable unwrap(Throwable thrown) {
        Throwable error = thrown;
        while ((error instanceof CompletionException || error instanceof ExecutionException)
                && error.getCause() != null) {
            error = error.getCause();
        }
        return error;
    }

    private static int httpStatus(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpException http) {
                return http.statusCode();
            }
        }
        // Typed exceptions without the HTTP exception underneath (a provider module mapped it itself).
        if (error instanceof RateLimitException) {
            return 429;
        }
        if (error instanceof AuthenticationException) {
            return 401;
        }
        if (error instanceof ModelNotFoundException) {
            return 404;
        }
        if (error instanceof InvalidRequestException) {
            return 400;
        }
        if (error instanceof InternalServerException) {
            return 500;
        }
        return 0;
    }

    private static boolean isTimeout(Throwable error) {
        return error instanceof TimeoutException
                || error instanceof java.util.concurrent.TimeoutException
                || has(error, HttpTimeoutException.class)
                || has(error, java.net.SocketTimeoutException.class);
    }

    private static boolean has(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** The innermost useful message: for HTTP errors that is the provider's error body. */
    private static String detail(Throwable error) {
        String detail = null;
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                detail = t.getMessage();
            }
            if (t instanceof HttpException) {
                break;
            }
        }
        if (detail == null) {
            return error instanceof NonRetriableException
                    ? ""
                    : error.getClass().getSimpleName();
        }
        detail = detail.replaceAll("\\s+", " ").strip();
        return detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) + "..." : detail;
    }

    /**
     * {@code error.message} of an OpenAI-style error body, {@code error} of Ollama's, {@code message} of
     * DashScope's, else the detail.
     */
    private static String reason(String detail) {
        if (detail.isEmpty()) {
            return null;
        }
        try {
            JsonNode body = JSON.readTree(detail);
            JsonNode error = body.path("error");
            if (error.isTextual()) {
                return error.asText();
            }
            if (error.path("message").isTextual()) {
                return error.path("message").asText();
            }
            // DashScope's: {"code": "InvalidApiKey", "message": "...", "request_id": "..."}
            if (body.path("code").isTextual() && body.path("message").isTextual()) {
                return body.path("message").asText();
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: the detail is the reason
        }
        return detail;
    }

    private static String scrub(String text, String secret) {
        return secret == null ? text : text.replace(secret, "***");
    }

    private static boolean mentions(Throwable error, String secret) {
        if (secret == null) {
            return false;
        }
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (String.valueOf(t.getMessage()).contains(secret)) {
                return true;
            }
        }
        return false;
    }
}
