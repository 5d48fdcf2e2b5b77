package io.switchboard.channels.testing;

import io.switchboard.channels.spi.AppDirectory;
import io.switchboard.channels.spi.AppProfile;
import io.vertx.core.Future;
import io.vertx.ext.web.handler.HttpException;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** A fixed set of published apps; any other id is a 404, as the gateway's directory answers. */
public final class StaticAppDirectory implements AppDirectory {
    private final Map<String, AppProfile> profiles;

    public StaticAppDirectory(AppProfile... profiles) {
        this.profiles = Stream.of(profiles).collect(Collectors.toMap(AppProfile::appId, Function.identity()));
    }

    @Override
    public Future<AppProfile> profile(String appId) {
        AppProfile profile = profiles.get(appId);
        return profile != null
                ? Future.succeededFuture(profile)
                : Future.failedFuture(new HttpException(404, "unknown app " + appId));
    }
}
