package io.switchboard.channels.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.telegram.telegrambots.meta.api.methods.updates.GetUpdates;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;

/** {@code getUpdates} whose answer is read update by update through {@link UpdateParser}. */
final class TolerantGetUpdates extends GetUpdates {
    private final transient String bindingId;

    TolerantGetUpdates(String bindingId, Integer offset, int limit, int timeoutSeconds, List<String> allowedUpdates) {
        super(offset, limit, timeoutSeconds, allowedUpdates);
        this.bindingId = bindingId;
    }

    @Override
    public ArrayList<Update> deserializeResponse(String answer) throws TelegramApiRequestException {
        JsonNode root;
        try {
            root = UpdateParser.MAPPER.readTree(answer);
        } catch (IOException e) {
            throw new TelegramApiRequestException("Unable to read getUpdates response", e);
        }
        if (root == null
                || !root.path("ok").asBoolean(false)
                || !root.path("result").isArray()) {
            // Errors (409, 401, 429, ...) keep the library's own reading, with error_code and parameters.
            return super.deserializeResponse(answer);
        }
        ArrayList<Update> updates = new ArrayList<>();
        for (JsonNode node : root.get("result")) {
            UpdateParser.parse(bindingId, node).ifPresent(updates::add);
        }
        return updates;
    }
}
