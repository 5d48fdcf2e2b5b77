package io.switchboard.runtime.app;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.switchboard.runtime.NotFoundException;
import io.switchboard.runtime.model.ProviderConfig;
import io.switchboard.runtime.model.ProviderStore;
import java.time.Duration;
import java.util.Optional;

/**
 * Read-through cache of app versions and providers in front of the store. Changes reach it through
 * {@link AppChangeListener} (broadcast to every member); the expiry only bounds how long a missed
 * broadcast could leave a member stale.
 */
public final class AppCatalog implements AppChangeListener {
    private final AppStore apps;
    private final ProviderStore providers;
    private final Cache<AppKey, Optional<ResolvedApp>> appCache;
    private final Cache<String, Optional<ProviderConfig>> providerCache;

    private AppCatalog(AppStore apps, ProviderStore providers, Duration expiry, Ticker ticker) {
        this.apps = apps;
        this.providers = providers;
        this.appCache = Caffeine.newBuilder()
                .maximumSize(10_000)
                .expireAfterWrite(expiry)
                .ticker(ticker)
                .build();
        this.providerCache = Caffeine.newBuilder()
                .maximumSize(1_000)
                .expireAfterWrite(expiry)
                .ticker(ticker)
                .build();
    }

    public static AppCatalog create(AppStore apps, ProviderStore providers, Duration expiry, Ticker ticker) {
        return new AppCatalog(apps, providers, expiry, ticker);
    }

    /**
     * The configuration that serves {@code appId}. Blocking on a cache miss: call from a virtual thread.
     *
     * @throws NotFoundException when the app does not exist, or has no published version and
     *     {@code draft} is false
     */
    public ResolvedApp resolve(String appId, boolean draft) {
        return appCache.get(new AppKey(appId, draft), this::load)
                .orElseThrow(() -> new NotFoundException(
                        draft ? "app '" + appId + "' not found" : "app '" + appId + "' not found or not published"));
    }

    /** The cached configuration, or null when it would need the store. Never blocks. */
    public ResolvedApp resolveCached(String appId, boolean draft) {
        Optional<ResolvedApp> cached = appCache.getIfPresent(new AppKey(appId, draft));
        return cached == null ? null : cached.orElse(null);
    }

    /** Blocking on a cache miss. */
    public Optional<ProviderConfig> provider(String providerId) {
        return providerCache.get(providerId, providers::find);
    }

    private Optional<ResolvedApp> load(AppKey key) {
        Optional<App> app = apps.find(key.appId());
        if (app.isEmpty()) {
            return Optional.empty();
        }
        if (key.draft()) {
            return Optional.of(new ResolvedApp(key.appId(), 0, app.get().draft()));
        }
        Integer published = app.get().publishedVersion();
        if (published == null) {
            return Optional.empty();
        }
        return apps.findVersion(key.appId(), published)
                .map(version -> new ResolvedApp(key.appId(), version.version(), version.config()));
    }

    @Override
    public void appChanged(String appId) {
        appCache.invalidate(new AppKey(appId, true));
        appCache.invalidate(new AppKey(appId, false));
    }

    @Override
    public void providerChanged(String providerId) {
        providerCache.invalidate(providerId);
    }

    private record AppKey(String appId, boolean draft) {}
}
