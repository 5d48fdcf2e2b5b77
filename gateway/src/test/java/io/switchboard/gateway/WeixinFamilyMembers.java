package io.switchboard.gateway;

import static org.awaitility.Awaitility.await;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.switchboard.channels.spi.AppDirectory;
import io.switchboard.channels.spi.AppProfile;
import io.switchboard.channels.spi.BoundAccount;
import io.switchboard.channels.spi.BoundAccounts;
import io.switchboard.channels.spi.ChannelAdapter;
import io.switchboard.channels.spi.ChannelContext;
import io.switchboard.channels.spi.DurableState;
import io.switchboard.channels.spi.InboundMessage;
import io.switchboard.channels.spi.OutboundMessage;
import io.switchboard.channels.spi.TurnHandler;
import io.switchboard.channels.spi.TurnReply;
import io.switchboard.gateway.bridge.StoreDurableState;
import io.switchboard.gateway.cluster.HazelcastSharedState;
import io.switchboard.runtime.security.Secret;
import io.switchboard.runtime.security.SecretBox;
import io.switchboard.runtime.store.Database;
import io.switchboard.runtime.store.DatabaseConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * Two members of a WeChat-family channel as two gateway processes would run it: each its own Vert.x
 * and its own embedded Hazelcast member (joined over TCP-IP on loopback), the real {@link
 * HazelcastSharedState}, and {@link StoreDurableState} over one H2 database. {@link #kill} ends a member
 * as a killed process ends: its durable writes stop on the spot, its Hazelcast member is terminated
 * (no graceful leave) and its Vert.x closed, sockets and timers with it. A member can be set to die at
 * the moment it writes a chosen durable key ({@link #dieAtWrite}): to kill a poller between its claims
 * and its cursor commit.
 */
final class WeixinFamilyMembers implements AutoCloseable {
    static final String APP = "guide";
    private static final SecretBox BOX = SecretBox.fromBase64(SecretBox.generateKeyBase64());

    /** A turn a member ran: which member, which message. */
    record Turn(int member, String text) {}

    final Database database;
    final List<Member> members = new ArrayList<>();
    final List<Turn> turns = new CopyOnWriteArrayList<>();
    private final String cluster = "wxf-" + UUID.randomUUID();
    private final int firstPort = freePort();
    private final AtomicBoolean armed = new AtomicBoolean();
    private volatile BiPredicate<String, String> dieAt = (key, value) -> false;

    final class Member {
        final int index;
        final Vertx vertx = Vertx.vertx();
        final HazelcastInstance hazelcast;
        final KillableDurable durable;
        final ChannelAdapter channel;
        volatile boolean dead;

        Member(int index, ChannelAdapter channel, BoundAccount binding, long chunkMillis) {
            this.index = index;
            this.channel = channel;
            this.hazelcast = hazelcast(index);
            // The channel takes its lease at once: a member that has not yet joined the others (a slow
            // join on a loaded machine forms a cluster of its own for a while) would hold it too, and both
            // would connect. Mount only once this member sees every member started before it and the
            // partitions are safe.
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> hazelcast.getCluster().getMembers().size() == index + 1
                            && hazelcast.getPartitionService().isClusterSafe());
            this.durable = new KillableDurable(StoreDurableState.create(vertx, database.durableKeys()), this);
            BoundAccounts accounts = new BoundAccounts() {
                @Override
                public Future<BoundAccount> find(String bindingId) {
                    return Future.succeededFuture(binding);
                }

                @Override
                public Future<List<BoundAccount>> enabled(String type) {
                    return Future.succeededFuture(List.of(binding));
                }
            };
            AppDirectory apps =
                    appId -> Future.succeededFuture(new AppProfile(appId, "Guide", "", List.of(), false, false));
            channel.mount(
                    Router.router(vertx),
                    new ChannelContext(
                            vertx,
                            streaming(chunkMillis),
                            apps,
                            null,
                            accounts,
                            HazelcastSharedState.create(vertx, hazelcast, BOX),
                            durable));
        }

        /** "echo: <text>" in five chunks {@code chunkMillis} apart, on this member's event loop. */
        private TurnHandler streaming(long chunkMillis) {
            return (InboundMessage message, java.util.function.Consumer<OutboundMessage.StreamChunk> onChunk) -> {
                turns.add(new Turn(index, message.text()));
                String answer = "echo: " + message.text();
                Promise<TurnReply> reply = Promise.promise();
                emit(answer, 0, onChunk, chunkMillis, reply);
                return reply.future();
            };
        }

        private void emit(
                String answer,
                int part,
                java.util.function.Consumer<OutboundMessage.StreamChunk> onChunk,
                long chunkMillis,
                Promise<TurnReply> reply) {
            int size = (answer.length() + 4) / 5;
            if (part * size >= answer.length()) {
                reply.complete(new TurnReply(APP, answer, 1, 1, false, List.of(), null, null));
                return;
            }
            vertx.setTimer(chunkMillis, t -> {
                if (dead) {
                    return; // a killed process streams nothing more
                }
                if (onChunk != null) {
                    onChunk.accept(new OutboundMessage.StreamChunk(
                            answer.substring(part * size, Math.min(answer.length(), (part + 1) * size))));
                }
                emit(answer, part + 1, onChunk, chunkMillis, reply);
            });
        }

        /** This member's id in shared state (a lease's holder). */
        String id() {
            return hazelcast.getLocalEndpoint().getUuid().toString();
        }
    }

    WeixinFamilyMembers() {
        database = Database.open(
                new DatabaseConfig("jdbc:h2:mem:" + cluster + ";DB_CLOSE_DELAY=-1", "sa", Secret.of("test"), 8),
                SecretBox.create(new byte[SecretBox.KEY_BYTES]));
    }

    /** Starts two members, each with its own adapter from {@code channels}, serving {@code settings}. */
    WeixinFamilyMembers start(
            Function<Integer, ChannelAdapter> channels, String bindingId, JsonObject settings, long chunkMillis) {
        for (int i = 0; i < 2; i++) {
            ChannelAdapter channel = channels.apply(i);
            BoundAccount binding = new BoundAccount(
                    bindingId,
                    APP,
                    channel.type(),
                    channel.bindingTypes().getFirst().validate(settings));
            members.add(new Member(i, channel, binding, chunkMillis));
        }
        return this;
    }

    Member member(int index) {
        return members.get(index);
    }

    /** The live member holding lease {@code name}, or -1. */
    int holder(String name) {
        for (Member reader : members) {
            if (reader.dead) {
                continue;
            }
            Object holder = reader.hazelcast.getMap("switchboard.shared").get("lease:" + name);
            for (Member m : members) {
                if (!m.dead && m.id().equals(holder)) {
                    return m.index;
                }
            }
        }
        return -1;
    }

    /** The next durable write of a key and value matching {@code write}, by any member, kills that member. */
    void dieAtWrite(BiPredicate<String, String> write) {
        dieAt = write;
        armed.set(true);
    }

    /** The durable value of {@code key}, read through a live member. */
    String durable(String key) {
        for (Member m : members) {
            if (!m.dead) {
                return m.durable.get(key).await();
            }
        }
        throw new IllegalStateException("no live member");
    }

    /** Kills a member as a process is killed: no more durable writes, Hazelcast terminated, Vert.x closed. */
    void kill(Member member) {
        member.dead = true;
        member.hazelcast.getLifecycleService().terminate();
        member.vertx.close();
    }

    @Override
    public void close() {
        for (Member m : members) {
            if (!m.dead) {
                try {
                    m.channel.stop();
                } catch (RuntimeException e) {
                    // closing a test member: nothing to do
                }
                m.dead = true;
                m.vertx.close().await();
                m.hazelcast.getLifecycleService().terminate(); // no graceful migration: the test is over
            }
        }
        database.close();
    }

    private HazelcastInstance hazelcast(int index) {
        Config config = new Config().setClusterName(cluster);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.getNetworkConfig().setPort(firstPort + index).setPortAutoIncrement(false);
        config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
        config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
        config.getNetworkConfig()
                .getJoin()
                .getTcpIpConfig()
                .setEnabled(true)
                .setMembers(List.of("127.0.0.1:" + firstPort, "127.0.0.1:" + (firstPort + 1)));
        return Hazelcast.newHazelcastInstance(config);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Durable state that stops answering once its member is dead (or dies at an armed write). */
    final class KillableDurable implements DurableState {
        private final DurableState store;
        private final Member member;

        KillableDurable(DurableState store, Member member) {
            this.store = store;
            this.member = member;
        }

        private boolean dies(String key, String value) {
            if (!member.dead && dieAt.test(key, value) && armed.compareAndSet(true, false)) {
                member.dead = true; // the test thread sees it and finishes the kill
            }
            return member.dead;
        }

        @Override
        public Future<Boolean> putIfAbsent(String key, String value, Duration ttl) {
            return dies(key, value) ? Promise.<Boolean>promise().future() : store.putIfAbsent(key, value, ttl);
        }

        @Override
        public Future<Void> put(String key, String value, Duration ttl) {
            return dies(key, value) ? Promise.<Void>promise().future() : store.put(key, value, ttl);
        }

        @Override
        public Future<String> get(String key) {
            return member.dead ? Promise.<String>promise().future() : store.get(key);
        }

        @Override
        public Future<List<Entry>> list(String keyPrefix, String valuePrefix, int limit) {
            return member.dead ? Promise.<List<Entry>>promise().future() : store.list(keyPrefix, valuePrefix, limit);
        }
    }
}
