package io.switchboard.runtime.moderation;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.switchboard.runtime.app.ModerationSettings;
import io.switchboard.runtime.model.ProviderConfig;
import io.switchboard.runtime.net.NetPolicy;
import io.switchboard.runtime.net.SafeHttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Content moderation of the node: compiles each app's keyword lists into one matcher (cached until
 * {@link #listsChanged()}, which the cluster calls on every member when a list changes anywhere, and
 * at most {@link #DEFAULT_REFRESH} as a safety net), starts the per-turn checks, and records and
 * announces every hit. Thread-safe.
 */
public final class Moderation {
    private static final Logger LOG = LoggerFactory.getLogger(Moderation.class);
    /**
     * How long a compiled matcher lives at most: should the cluster's change message never arrive (a
     * member cut off), a list change still applies here after this long.
     */
    public static final Duration DEFAULT_REFRESH = Duration.ofMinutes(1);

    private record Key(String appId, List<String> shared) {}

    private final KeywordLists lists;
    private final ModerationHits hits;
    private final Function<String, Optional<ProviderConfig>> providers;
    private final ProviderModeration provider;
    /** Every address but the cloud metadata ones, which an allowlist opens only when it names them exactly. */
    private static final List<String> SELF_HOSTED = List.of("0.0.0.0/0", "::/0");

    private final Executor recorder;
    private final Clock clock;
    private final Cache<Key, KeywordMatcher> matchers;
    private final List<Consumer<ModerationHit>> listeners = new CopyOnWriteArrayList<>();

    private Moderation(Builder builder) {
        this.lists = builder.lists;
        this.hits = builder.hits;
        this.providers = builder.providers;
        // A self-hosted kind (OpenAI-compatible: vLLM, Ollama, a gateway on the LAN) is checked at the base
        // URL its admin set, private addresses included, as its chat calls are; cloud metadata addresses stay
        // refused (the allowlist does not name them). Hosted kinds pass the policy.
        this.provider = new ProviderModeration(
                SafeHttpClient.create(builder.net),
                SafeHttpClient.create(
                        builder.net.toBuilder().allowlist(SELF_HOSTED).build()));
        this.recorder = builder.recorder;
        this.clock = builder.clock;
        this.matchers = Caffeine.newBuilder()
                .maximumSize(10_000)
                .expireAfterWrite(builder.refresh)
                .ticker(builder.ticker)
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The checks of one turn of {@code appId}; {@link TurnModeration#NONE} when the app has none. */
    public TurnModeration begin(String appId, ModerationSettings settings, String channel) {
        if (settings == null) {
            return TurnModeration.NONE;
        }
        KeywordMatcher matcher = matcher(appId, settings.lists());
        Optional<ProviderConfig> check = settings.provider() == null
                ? Optional.empty()
                : providers.apply(settings.provider().providerId());
        if (settings.provider() != null && check.isEmpty()) {
            LOG.warn(
                    "moderation provider {} of app {} does not exist; keyword lists still apply",
                    settings.provider().providerId(),
                    appId);
        }
        return new TurnModeration(this, appId, channel, settings, matcher, check.orElse(null));
    }

    /** The compiled keywords of an app's own lists and the shared ones it names. Blocking on a cache miss. */
    public KeywordMatcher matcher(String appId, List<String> sharedLists) {
        return matchers.get(new Key(appId, List.copyOf(sharedLists)), this::compile);
    }

    private KeywordMatcher compile(Key key) {
        List<String> ids = lists.applicable(key.appId(), key.shared()).stream()
                .map(KeywordList::id)
                .collect(Collectors.toList());
        Map<String, List<String>> words = lists.wordsOf(ids);
        return KeywordMatcher.of(words);
    }

    /** Drops the compiled matchers: a list or its words changed (on this member or another). */
    public void listsChanged() {
        matchers.invalidateAll();
    }

    /** Called with every hit recorded (metrics); a failing listener is logged and skipped. */
    public void onHit(Consumer<ModerationHit> listener) {
        listeners.add(listener);
    }

    /** The keyword lists. */
    public KeywordLists lists() {
        return lists;
    }

    /** The recorded hits. */
    public ModerationHits hits() {
        return hits;
    }

    List<String> flagged(ProviderConfig config, String modelName, String text) {
        return provider.flagged(config, modelName, text);
    }

    Clock clock() {
        return clock;
    }

    /** Announces the hits now and stores them after the turn, off the turn's path. */
    void record(List<ModerationHit> found) {
        if (found.isEmpty()) {
            return;
        }
        for (ModerationHit hit : found) {
            for (Consumer<ModerationHit> listener : listeners) {
                try {
                    listener.accept(hit);
                } catch (RuntimeException e) {
                    LOG.error(
                            "moderation listener {} failed", listener.getClass().getName(), e);
                }
            }
        }
        recorder.execute(() -> {
            try {
                hits.record(found);
            } catch (RuntimeException e) {
                LOG.warn(
                        "{} moderation hits of app {} not recorded: {}",
                        found.size(),
                        found.get(0).appId(),
                        e.toString());
            }
        });
    }

    /** Wires moderation; lists and hits are required. */
    public static final class Builder {
        private KeywordLists lists;
        private ModerationHits hits;
        private Function<String, Optional<ProviderConfig>> providers = id -> Optional.empty();
        private NetPolicy net = NetPolicy.DEFAULT;
        private Executor recorder = Runnable::run;
        private Clock clock = Clock.systemUTC();
        private Duration refresh = DEFAULT_REFRESH;
        private Ticker ticker = Ticker.systemTicker();

        public Builder lists(KeywordLists lists) {
            this.lists = lists;
            return this;
        }

        public Builder hits(ModerationHits hits) {
            this.hits = hits;
            return this;
        }

        /** Looks up the provider an app's moderation settings name. */
        public Builder providers(Function<String, Optional<ProviderConfig>> providers) {
            this.providers = providers;
            return this;
        }

        /** The SSRF policy of provider moderation calls. */
        public Builder net(NetPolicy net) {
            this.net = net;
            return this;
        }

        /** Where hits are stored (off the turn); inline unless set. */
        public Builder recorder(Executor recorder) {
            this.recorder = recorder;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder refresh(Duration refresh, Ticker ticker) {
            this.refresh = refresh;
            this.ticker = ticker;
            return this;
        }

        public Moderation build() {
            if (lists == null || hits == null) {
                throw new IllegalStateException("lists and hits are required");
            }
            return new Moderation(this);
        }
    }
}
