package io.switchboard.gateway.bridge;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.switchboard.admin.ChannelTypes;
import io.switchboard.channels.spi.BindingType;
import io.switchboard.channels.spi.BoundAccount;
import io.switchboard.channels.spi.BoundAccounts;
import io.switchboard.channels.spi.ChannelAdapter;
import io.switchboard.channels.spi.StaffNotice;
import io.switchboard.runtime.app.ChannelBinding;
import io.switchboard.runtime.app.ChannelBindingStore;
import io.switchboard.threads.VirtualThreads;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.HttpException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channels' bindable account types and their stored bindings: validates settings for the admin
 * API, serves bindings to the channels (cached), and tells the adapters when a binding changed.
 */
public final class ChannelRegistry implements ChannelTypes, BoundAccounts {
    private static final String UNAVAILABLE = "channel settings are unavailable right now";

    private static final Logger LOG = LoggerFactory.getLogger(ChannelRegistry.class);

    private final ChannelBindingStore store;
    private final List<ChannelAdapter> adapters;
    private final Map<String, BindingType> types = new LinkedHashMap<>();
    private final Supplier<String> publicUrl;
    private final Cache<String, Optional<BoundAccount>> cache;
    private final VirtualThreads blocking = VirtualThreads.named("channel-settings");
    private volatile Consumer<String> broadcast = id -> {};

    private ChannelRegistry(ChannelBindingStore store, List<ChannelAdapter> adapters, Supplier<String> publicUrl) {
        this.store = store;
        this.adapters = List.copyOf(adapters);
        this.publicUrl = publicUrl;
        for (ChannelAdapter adapter : adapters) {
            for (BindingType type : adapter.bindingTypes()) {
                if (types.putIfAbsent(type.type(), type) != null) {
                    throw new IllegalStateException("two channels define binding type '" + type.type() + "'");
                }
            }
        }
        this.cache = Caffeine.newBuilder()
                .maximumSize(10_000)
                .expireAfterWrite(Duration.ofMinutes(5))
                .build();
    }

    public static ChannelRegistry create(
            ChannelBindingStore store, List<ChannelAdapter> adapters, Supplier<String> publicUrl) {
        return new ChannelRegistry(store, adapters, publicUrl);
    }

    /** Where {@link #bindingChanged} announces changes to every member (set once the cluster is up). */
    public void broadcastThrough(Consumer<String> broadcast) {
        this.broadcast = broadcast;
    }

    @Override
    public Set<String> types() {
        return types.keySet();
    }

    @Override
    public Set<String> logChannels() {
        return adapters.stream().map(ChannelAdapter::type).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public JsonObject validate(String type, JsonObject settings) {
        return type(type).validate(settings);
    }

    @Override
    public Set<String> secretFields(String type) {
        return type(type).secretFields();
    }

    @Override
    public String callbackUrl(String type, String bindingId) {
        String path = type(type).callbackPath(bindingId);
        return path == null ? null : publicUrl.get() + path;
    }

    @Override
    public Future<JsonObject> startLogin(String type) {
        return owner(type).startLogin(type);
    }

    @Override
    public Future<JsonObject> loginStatus(String type, String loginId) {
        return owner(type).loginStatus(type, loginId);
    }

    @Override
    public Future<String> status(String type, String bindingId) {
        return owner(type).status(bindingId);
    }

    /**
     * Sends {@code notice} unprompted to {@code recipient} through the enabled binding {@code bindingId},
     * by the channel that owns its type; the future holds the binding's type once sent.
     */
    public Future<String> sendNotice(String bindingId, String recipient, StaffNotice notice) {
        return find(bindingId)
                .compose(account -> owner(account.type())
                        .sendNotice(bindingId, recipient, notice)
                        .map(sent -> account.type()));
    }

    private ChannelAdapter owner(String type) {
        for (ChannelAdapter adapter : adapters) {
            if (adapter.bindingTypes().stream().anyMatch(t -> t.type().equals(type))) {
                return adapter;
            }
        }
        throw new IllegalArgumentException("unknown channel type '" + type + "'");
    }

    /** From the admin API: announce to every member (which lands in {@link #bindingChangedLocally}). */
    @Override
    public void bindingChanged(String bindingId) {
        broadcast.accept(bindingId);
    }

    /** On every member, after a broadcast: forget the cached binding and tell the adapters. */
    public void bindingChangedLocally(String bindingId) {
        cache.invalidate(bindingId);
        for (ChannelAdapter adapter : adapters) {
            try {
                adapter.accountChanged(bindingId);
            } catch (RuntimeException e) {
                LOG.error("channel {} failed to apply a change of binding {}", adapter.type(), bindingId, e);
            }
        }
    }

    @Override
    public Future<BoundAccount> find(String bindingId) {
        Optional<BoundAccount> cached = cache.getIfPresent(bindingId);
        Future<Optional<BoundAccount>> found = cached != null
                ? Future.succeededFuture(cached)
                : HttpFailures.call(
                        blocking,
                        UNAVAILABLE,
                        () -> cache.get(
                                bindingId,
                                id -> store.find(id)
                                        .filter(ChannelBinding::enabled)
                                        .map(ChannelRegistry::account)));
        return found.compose(account -> account.map(Future::succeededFuture)
                .orElseGet(() ->
                        Future.failedFuture(new HttpException(404, "no enabled channel binding '" + bindingId + "'"))));
    }

    @Override
    public Future<List<BoundAccount>> enabled(String type) {
        return HttpFailures.call(
                blocking,
                UNAVAILABLE,
                () -> store.listEnabledByType(type).stream()
                        .map(ChannelRegistry::account)
                        .toList());
    }

    private static BoundAccount account(ChannelBinding binding) {
        return new BoundAccount(binding.id(), binding.appId(), binding.type(), new JsonObject(binding.configJson()));
    }

    private BindingType type(String type) {
        BindingType found = types.get(type);
        if (found == null) {
            throw new IllegalArgumentException("unknown channel type '" + type + "'; known: " + types.keySet());
        }
        return found;
    }

    public void close() {
        blocking.close();
    }
}
