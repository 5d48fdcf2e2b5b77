package io.switchboard.runtime.moderation;

import io.switchboard.runtime.app.ModerationSettings;
import io.switchboard.runtime.app.ModerationSettings.InputAction;
import io.switchboard.runtime.app.ModerationSettings.OutputAction;
import io.switchboard.runtime.model.ProviderConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The moderation of one turn: checks the user's message, guards the streamed answer, settles the final
 * answer, and records what it found. Used by one turn on its thread (the stream guard may be fed from the
 * model's thread).
 */
public final class TurnModeration {
    /** No moderation: everything passes unchanged. */
    public static final TurnModeration NONE = new TurnModeration(null, null, null, null, KeywordMatcher.EMPTY, null);

    /**
     * What became of the user's message.
     *
     * @param text the message the model gets (masked when asked to)
     * @param blocked true when the turn must be answered with the preset reply and the model not called
     */
    public record Input(String text, boolean blocked) {}

    /**
     * What became of the answer.
     *
     * @param text the answer to return and remember (masked), or null when {@code replaced}
     * @param replaced true when the whole answer gives way to the preset reply
     */
    public record Output(String text, boolean replaced) {}

    private final Moderation moderation;
    private final String appId;
    private final String channel;
    private final ModerationSettings settings;
    private final KeywordMatcher matcher;
    private final ProviderConfig provider;
    private final List<Found> found = new ArrayList<>();
    private StreamGuard guard;
    private Consumer<String> downstream;

    private record Found(ModerationHit.Direction direction, String source, String word) {}

    TurnModeration(
            Moderation moderation,
            String appId,
            String channel,
            ModerationSettings settings,
            KeywordMatcher matcher,
            ProviderConfig provider) {
        this.moderation = moderation;
        this.appId = appId;
        this.channel = channel;
        this.settings = settings;
        this.matcher = matcher;
        this.provider = provider;
    }

    /** True when the app moderates nothing (no settings): the turn need not ask. */
    public boolean none() {
        return settings == null;
    }

    /** The app's own preset reply, or null for the default one in the reply language. */
    public String presetReply() {
        return settings == null ? null : settings.presetReply();
    }

    /** Checks the user's message (keywords, then the provider when it checks input). */
    public Input input(String text) {
        if (settings == null || text.isEmpty()) {
            return new Input(text, false);
        }
        String result = text;
        if (settings.input() != InputAction.OFF) {
            List<KeywordHit> hits = matcher.find(text);
            note(ModerationHit.Direction.INPUT, hits);
            if (!hits.isEmpty()) {
                if (settings.input() == InputAction.BLOCK) {
                    return new Input(text, true);
                }
                result = KeywordMatcher.mask(text, hits);
            }
        }
        if (provider != null && settings.provider().input()) {
            List<String> flagged =
                    moderation.flagged(provider, settings.provider().modelName(), text);
            flagged.forEach(
                    category -> found.add(new Found(ModerationHit.Direction.INPUT, ModerationHit.PROVIDER, category)));
            if (!flagged.isEmpty()) {
                return new Input(text, true);
            }
        }
        return new Input(result, false);
    }

    /**
     * What the answer's tokens go through before {@code onToken}: a {@link StreamGuard} when the answer
     * is moderated, else {@code onToken} itself (also when it is null: a turn that does not stream).
     */
    public Consumer<String> stream(Consumer<String> onToken) {
        if (onToken == null || settings == null) {
            return onToken;
        }
        boolean providerChecks = provider != null && settings.provider().output();
        StreamGuard.Action action;
        if (providerChecks) {
            action = StreamGuard.Action.HOLD; // the whole answer is judged before any of it is shown
        } else if (settings.output() == OutputAction.OFF || matcher.size() == 0) {
            return onToken;
        } else {
            action = settings.output() == OutputAction.REPLACE ? StreamGuard.Action.STOP : StreamGuard.Action.MASK;
        }
        KeywordMatcher streamed = settings.output() == OutputAction.OFF ? KeywordMatcher.EMPTY : matcher;
        downstream = onToken;
        guard = StreamGuard.create(streamed, action, onToken);
        return guard;
    }

    /**
     * Settles the whole answer: masks it or gives it up for the preset reply, and passes on what a
     * streaming guard still held (for a replaced answer the caller sends the preset reply; see
     * {@link #sendPreset}).
     */
    public Output output(String answer) {
        if (settings == null) {
            return new Output(answer, false);
        }
        String text = answer;
        boolean replaced = false;
        if (settings.output() != OutputAction.OFF) {
            List<KeywordHit> hits = matcher.find(answer);
            note(ModerationHit.Direction.OUTPUT, hits);
            if (!hits.isEmpty()) {
                if (settings.output() == OutputAction.REPLACE) {
                    replaced = true;
                } else {
                    text = KeywordMatcher.mask(answer, hits);
                }
            }
        }
        if (!replaced && provider != null && settings.provider().output()) {
            List<String> flagged =
                    moderation.flagged(provider, settings.provider().modelName(), answer);
            flagged.forEach(
                    category -> found.add(new Found(ModerationHit.Direction.OUTPUT, ModerationHit.PROVIDER, category)));
            replaced = !flagged.isEmpty();
        }
        if (guard != null) {
            if (replaced) {
                // Nothing more of the answer: what went out (if anything) was clean.
            } else if (guard.stopped()) {
                replaced = true;
            } else {
                guard.finish();
                guard.release();
            }
        }
        return replaced ? new Output(null, true) : new Output(text, false);
    }

    /**
     * For a replaced answer on a stream: sends the preset reply when nothing of the answer reached the
     * channel yet (a held answer), so the stream does not end empty. Channels that show the final answer
     * (web chat's {@code done}, Telegram's last edit) replace a clean prefix with it themselves.
     */
    public void sendPreset(String preset) {
        if (guard != null && guard.sent().isEmpty()) {
            downstream.accept(preset);
        }
    }

    /** Records what the turn found, under its id. */
    public void record(String turnId) {
        if (found.isEmpty() || moderation == null) {
            return;
        }
        Instant now = Instant.now(moderation.clock());
        Set<Found> distinct = new LinkedHashSet<>(found);
        List<ModerationHit> hits = new ArrayList<>(distinct.size());
        for (Found hit : distinct) {
            hits.add(new ModerationHit(0, appId, channel, hit.direction(), hit.source(), hit.word(), turnId, now));
        }
        moderation.record(hits);
    }

    private void note(ModerationHit.Direction direction, List<KeywordHit> hits) {
        for (KeywordHit hit : hits) {
            found.add(new Found(direction, hit.listId(), hit.word()));
        }
    }
}
