package io.switchboard.admin;

import io.switchboard.runtime.audit.AuditEntry;
import io.switchboard.runtime.audit.AuditStore;
import io.switchboard.threads.VirtualThreads;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes audit entries from a virtual thread; a failed write is logged, never turned into a failed request. */
final class AuditTrail {
    private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);

    private final AuditStore store;
    private final VirtualThreads blocking;
    private final Clock clock;

    AuditTrail(AuditStore store, VirtualThreads blocking, Clock clock) {
        this.store = store;
        this.blocking = blocking;
        this.clock = clock;
    }

    /** The clock entries are dated by and the retention is measured with. */
    Clock clock() {
        return clock;
    }

    AuditStore store() {
        return store;
    }

    /** Records an action without a resource state (logins, lockouts). */
    void event(RoutingContext ctx, String actor, String action, String resourceId, int status) {
        record(new AuditEntry(
                0,
                clock.instant(),
                actor,
                clientAddress(ctx),
                action,
                "session",
                resourceId,
                ctx.request().path(),
                status,
                null,
                null,
                null));
    }

    void record(AuditEntry entry) {
        blocking.execute(() -> {
            try {
                store.append(entry);
            } catch (RuntimeException e) {
                LOG.error(
                        "could not write the audit entry {} {} by {}",
                        entry.action(),
                        entry.resource(),
                        entry.actor(),
                        e);
            }
        });
    }

    static String clientAddress(RoutingContext ctx) {
        return ctx.request().remoteAddress() == null
                ? "unknown"
                : ctx.request().remoteAddress().hostAddress();
    }
}
