package io.switchboard.channels.telegram;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * Reads updates one by one, so that one malformed update is logged and skipped (acknowledged) instead
 * of being delivered again forever or failing a whole getUpdates batch. A malformed update that still has a numeric
 * {@code update_id} comes back as an empty update with that id, so polling can move past it.
 */
final class UpdateParser {
    private static final Logger LOG = LoggerFactory.getLogger(UpdateParser.class);
    static final ObjectMapper MAPPER =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private UpdateParser() {}

    /**
     * Reads one sample update so that the Bot API classes are loaded and their Jackson readers built
     * before the first real update (a second or more on a busy machine otherwise).
     */
    static void warmUp() {
        String sample = "{\"update_id\":1,\"message\":{\"message_id\":1,\"date\":0,"
                + "\"chat\":{\"id\":1,\"type\":\"private\"},\"from\":{\"id\":1,\"is_bot\":false,\"first_name\":\"a\"},"
                + "\"text\":\"hi\",\"entities\":[{\"type\":\"mention\",\"offset\":0,\"length\":2}]},"
                + "\"callback_query\":{\"id\":\"c\",\"from\":{\"id\":1,\"is_bot\":false,\"first_name\":\"a\"},"
                + "\"chat_instance\":\"i\",\"data\":\"q:0\"}}";
        try {
            MAPPER.readValue(sample, Update.class);
        } catch (IOException | RuntimeException e) {
            LOG.debug("telegram warm-up failed: {}", e.toString());
        }
    }

    /**
     * The JSON object of a webhook body when it carries a numeric {@code update_id}, else empty: such
     * a body is not an update (Telegram never sends one), so it is refused rather than acknowledged.
     */
    static Optional<JsonNode> envelope(byte[] body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            return node != null && node.isObject() && node.path("update_id").isIntegralNumber()
                    ? Optional.of(node)
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static Optional<Update> parse(String bindingId, JsonNode node) {
        if (node == null
                || !node.isObject()
                || !node.path("update_id").canConvertToInt()
                || !node.path("update_id").isIntegralNumber()) {
            LOG.warn("telegram binding {}: update without a numeric update_id; acknowledged and dropped", bindingId);
            return Optional.empty();
        }
        int updateId = node.get("update_id").intValue();
        try {
            Update update = MAPPER.treeToValue(node, Update.class);
            if (LOG.isDebugEnabled()) {
                LOG.debug("telegram binding {}: update {}: {}", bindingId, updateId, node);
            }
            return Optional.of(update);
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn(
                    "telegram binding {}: update {} is malformed ({}); acknowledged and skipped",
                    bindingId,
                    updateId,
                    e.getClass().getSimpleName());
            Update empty = new Update();
            empty.setUpdateId(updateId);
            return Optional.of(empty);
        }
    }
}
