package io.switchboard.channels.testing;

import io.switchboard.channels.spi.SharedState;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;

/** The tests' in-memory cluster state keeps the contract the gateway's Hazelcast implementation keeps. */
class InMemorySharedStateTest extends SharedStateContract {
    private static final Vertx VERTX = Vertx.vertx();
    private final InMemorySharedState cluster = new InMemorySharedState(VERTX);
    private final SharedState[] members = {cluster, cluster.member("member-2")};

    @Override
    protected SharedState member(int index) {
        return members[index];
    }

    @Override
    protected Vertx vertx() {
        return VERTX;
    }

    @AfterAll
    static void stop() {
        VERTX.close().await();
    }
}
