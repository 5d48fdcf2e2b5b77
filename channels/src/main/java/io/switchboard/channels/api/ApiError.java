package io.switchboard.channels.api;

import io.switchboard.channels.spi.InvalidTurnException;
import io.switchboard.channels.spi.QuotaExceeded;
import io.switchboard.channels.spi.TurnReply;
import io.vertx.ext.web.handler.HttpException;

/**
 * An error in OpenAI's shape: {@code {"error":{"message","type","param","code"}}}. Thrown or passed
 * to {@code RoutingContext.fail}; {@link OpenAiErrorHandler} renders it.
 */
final class ApiError extends RuntimeException {
    private final int status;
    private final String type;
    private final String param;
    private final String code;
    private long retryAfterSeconds;

    ApiError(int status, String type, String code, String param, String message) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
    }

    static ApiError invalidRequest(String param, String message) {
        return new ApiError(400, "invalid_request_error", null, param, message);
    }

    static ApiError invalidApiKey(String message) {
        return new ApiError(401, "invalid_request_error", "invalid_api_key", null, message);
    }

    static ApiError modelNotFound(String model) {
        return new ApiError(
                404,
                "invalid_request_error",
                "model_not_found",
                "model",
                "The model '" + model + "' does not exist or you do not have access to it.");
    }

    static ApiError forbidden(String message) {
        return new ApiError(403, "invalid_request_error", "origin_not_allowed", null, message);
    }

    static ApiError methodNotAllowed(String message) {
        return new ApiError(405, "invalid_request_error", null, null, message);
    }

    static ApiError upstream(String message) {
        return new ApiError(502, "upstream_error", null, null, message);
    }

    /** A turn that failed: the model refused the input (400 with its reason), or it failed (502). */
    static ApiError failedTurn(TurnReply reply) {
        if (reply.rejection() != null) {
            return new ApiError(
                    400,
                    "invalid_request_error",
                    "rejected_by_model",
                    "messages",
                    "The model refused the request: " + reply.rejection());
        }
        return upstream(reply.text());
    }

    /** Maps a failure from the gateway's SPI implementations (HttpException or anything else). */
    static ApiError from(Throwable failure, String model) {
        if (failure instanceof ApiError api) {
            return api;
        }
        if (failure instanceof QuotaExceeded quota) {
            ApiError limited = new ApiError(429, "rate_limit_error", "rate_limit_exceeded", null, quota.getMessage());
            limited.retryAfterSeconds = quota.retryAfterSeconds();
            return limited;
        }
        if (failure instanceof InvalidTurnException invalid) {
            return invalidRequest(invalid.param(), invalid.getMessage());
        }
        if (failure instanceof HttpException http) {
            String message = http.getPayload() != null ? http.getPayload() : "request failed";
            return switch (http.getStatusCode()) {
                case 401 -> invalidApiKey(message);
                case 404 -> modelNotFound(model);
                case 429 -> new ApiError(429, "rate_limit_error", "rate_limit_exceeded", null, message);
                default ->
                    new ApiError(
                            http.getStatusCode(),
                            http.getStatusCode() >= 500 ? "server_error" : "invalid_request_error",
                            null,
                            null,
                            message);
            };
        }
        return new ApiError(500, "server_error", null, null, "The server had an error while processing your request.");
    }

    /** Seconds the client should wait (429), 0 for none. */
    long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    int status() {
        return status;
    }

    String type() {
        return type;
    }

    String param() {
        return param;
    }

    String code() {
        return code;
    }
}
