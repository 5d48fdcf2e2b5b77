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
 * Reads updates one by one, so that one malformed update is logged and skipped instead of failing a
 * webhook request forever or a whole getUpdates batch. A malformed update that still has a numeric
 * {@code update_id} comes back as an empty update with that id, so polling can move past it.
 */
final class UpdateParser {
    private static final Logger LOG = LoggerFactory.getLogger(UpdateParser.class);
    static final ObjectMapper MAPPER =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private UpdateParser() {}

    /** The update in a webhook body, or empty when the body is not an update (logged, no body). */
    static Optional<Update> parse(String bindingId, byte[] body) {
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (IOException e) {
            LOG.warn(
                    "telegram binding {}: webhook body is not JSON ({} bytes); acknowledged and dropped",
                    bindingId,
                    body.length);
            return Optional.empty();
        }
        return parse(bindingId, node);
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
