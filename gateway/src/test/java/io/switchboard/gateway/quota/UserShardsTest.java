package io.switchboard.gateway.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.switchboard.gateway.config.ConfigException;
import io.switchboard.gateway.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End users' buckets group-committed in shard entries ({@link UserShards}), on two real Hazelcast members on
 * loopback configured as gateway members are ({@link Quotas#mapConfig()}): exact across members under
 * concurrency, charges seen by the other member at once, counts kept when a member leaves or crashes (the
 * backups), refilled users forgotten, and a bad shard count refused at start.
 */
class UserShardsTest {
    /** The batches' clock: fixed unless a test moves it, so no bucket refills while a test counts. */
    private final AtomicLong now = new AtomicLong(System.currentTimeMillis());

    private HazelcastInstance first;
    private HazelcastInstance second;

    @BeforeEach
    void start() {
        String cluster = "user-shards-" + UUID.randomUUID();
        first = Hazelcast.newHazelcastInstance(config(cluster));
        second = Hazelcast.newHazelcastInstance(config(cluster));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> first.getCluster().getMembers().size() == 2);
    }

    @AfterEach
    void stop() {
        for (HazelcastInstance member : List.of(second, first)) {
            if (member.getLifecycleService().isRunning()) {
                member.shutdown();
            }
        }
    }

    private static Config config(String cluster) {
        Config config = new Config().setClusterName(cluster);
        config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
        config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
        config.getNetworkConfig().getJoin().getTcpIpConfig().setEnabled(true).addMember("127.0.0.1");
        config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        config.addMapConfig(Quotas.mapConfig());
        return config;
    }

    private Quotas quotas(HazelcastInstance member, Quotas.Limits limits) {
        return Quotas.create(member, limits, app -> "default", now::get);
    }

    @Test
    void should_admit_exactly_the_limit_when_threads_on_two_members_hammer_one_user() throws Exception {
        int limit = 50;
        Quotas.Limits limits = new Quotas.Limits(limit, 0, 0, 0, 0, 0, 0, 0);
        Quotas onFirst = quotas(first, limits);
        Quotas onSecond = quotas(second, limits);
        Quotas.Turn turn = new Quotas.Turn("app-hammer", "web", "visitor-1", null);
        AtomicInteger admitted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();

        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < 64; t++) {
                Quotas quotas = t % 2 == 0 ? onFirst : onSecond;
                running.add(threads.submit(() -> {
                    for (int i = 0; i < 10; i++) {
                        (quotas.admit(turn).isEmpty() ? admitted : refused).incrementAndGet();
                    }
                }));
            }
            for (Future<?> thread : running) {
                thread.get();
            }
        }

        assertThat(admitted).hasValue(limit);
        assertThat(refused).hasValue(640 - limit);
        assertThat(onSecond.admit(turn)).hasValueSatisfying(refusal -> {
            assertThat(refusal.scope()).isEqualTo("user");
            assertThat(refusal.retryAfter().toSeconds()).isBetween(1L, 60L);
        });
        assertThat(onFirst.admit(new Quotas.Turn("app-hammer", "web", "visitor-2", null)))
                .as("another user of the app")
                .isEmpty();
    }

    @Test
    void should_show_a_charge_on_one_member_to_the_other_at_once() {
        Quotas.Limits limits = new Quotas.Limits(0, 1_000_000, 0, 0, 0, 0, 0, 0);
        Quotas onFirst = quotas(first, limits);
        Quotas onSecond = quotas(second, limits);
        Quotas.Turn turn = new Quotas.Turn("app-seen", "telegram", "7001", null);

        for (int i = 0; i < 3; i++) {
            assertThat(onFirst.admit(turn)).isEmpty();
            onFirst.charge(turn, 300);
        }

        assertThat(onSecond.usage("app-seen", "telegram", "7001", null))
                .singleElement()
                .satisfies(meter -> assertThat(meter.remaining()).isEqualTo(1_000_000 - 900));
        onSecond.charge(turn, 1_000_000);
        assertThat(onFirst.usage("app-seen", "telegram", "7001", null))
                .singleElement()
                .satisfies(meter -> assertThat(meter.remaining()).isEqualTo(-900));
    }

    @Test
    void should_keep_every_users_counts_on_the_survivor_when_a_member_leaves() {
        Quotas.Limits limits = new Quotas.Limits(5, 1_000_000, 0, 0, 0, 0, 0, 0, 16);
        Quotas onFirst = quotas(first, limits);
        Quotas onSecond = quotas(second, limits);
        // Enough users that both members own some of the 16 shards.
        List<Quotas.Turn> turns = IntStream.range(0, 64)
                .mapToObj(i -> new Quotas.Turn("app-leave", "wechat", "openid-" + i, null))
                .toList();
        for (Quotas.Turn turn : turns) {
            assertThat(onSecond.admit(turn)).isEmpty();
            assertThat(onSecond.admit(turn)).isEmpty();
            onSecond.charge(turn, 1000);
        }
        Set<String> owners = IntStream.range(0, 16)
                .mapToObj(i -> first.getPartitionService()
                        .getPartition("users:" + i)
                        .getOwner()
                        .getUuid()
                        .toString())
                .collect(Collectors.toSet());
        assertThat(owners).as("shards on both members").hasSize(2);

        second.shutdown();

        for (Quotas.Turn turn : turns) {
            assertThat(onFirst.usage(turn.appId(), turn.channel(), turn.userId(), null))
                    .anySatisfy(meter -> {
                        assertThat(meter.unit()).isEqualTo("requests");
                        assertThat(meter.remaining()).isEqualTo(3);
                    })
                    .anySatisfy(meter -> {
                        assertThat(meter.unit()).isEqualTo("tokens");
                        assertThat(meter.remaining()).isEqualTo(1_000_000 - 1000);
                    });
        }
    }

    @Test
    void should_keep_every_users_counts_from_the_backups_when_a_member_crashes() {
        Quotas.Limits limits = new Quotas.Limits(5, 1_000_000, 0, 0, 0, 0, 0, 0, 16);
        Quotas onFirst = quotas(first, limits);
        Quotas onSecond = quotas(second, limits);
        List<Quotas.Turn> turns = IntStream.range(0, 64)
                .mapToObj(i -> new Quotas.Turn("app-crash", "telegram", "chat-" + i, null))
                .toList();
        // From both members, so that each shard's batches come from a remote and a local caller.
        for (Quotas.Turn turn : turns) {
            assertThat(onFirst.admit(turn)).isEmpty();
            assertThat(onSecond.admit(turn)).isEmpty();
            onSecond.charge(turn, 600);
            onFirst.charge(turn, 400);
        }
        Set<String> owners = IntStream.range(0, 16)
                .mapToObj(i -> first.getPartitionService()
                        .getPartition("users:" + i)
                        .getOwner()
                        .getUuid()
                        .toString())
                .collect(Collectors.toSet());
        assertThat(owners).as("shards on both members").hasSize(2);
        // Backups are asynchronous: a safe cluster has every backup replica in step with its owner.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> first.getPartitionService().isClusterSafe());

        // No hand-over: the shards the second member owned come back from the first member's backups.
        second.getLifecycleService().terminate();

        for (Quotas.Turn turn : turns) {
            assertThat(onFirst.usage(turn.appId(), turn.channel(), turn.userId(), null))
                    .anySatisfy(meter -> {
                        assertThat(meter.unit()).isEqualTo("requests");
                        assertThat(meter.remaining()).isEqualTo(3);
                    })
                    .anySatisfy(meter -> {
                        assertThat(meter.unit()).isEqualTo("tokens");
                        assertThat(meter.remaining()).isEqualTo(1_000_000 - 1000);
                    });
        }
    }

    @Test
    void should_forget_a_user_once_their_bucket_is_full_again() {
        Quotas quotas = quotas(first, new Quotas.Limits(5, 0, 0, 0, 0, 0, 0, 0, 1));
        assertThat(quotas.admit(new Quotas.Turn("app-expiry", "web", "early", null)))
                .isEmpty();
        assertThat(shard().holds("user:requests:web:app-expiry:early")).isTrue();

        // A minute refills the bucket; 10 s more and the next batch on the shard forgets it.
        now.addAndGet(Duration.ofSeconds(71).toMillis());
        assertThat(quotas.admit(new Quotas.Turn("app-expiry", "web", "late", null)))
                .isEmpty();

        UserShards.Shard shard = shard();
        assertThat(shard.holds("user:requests:web:app-expiry:early")).isFalse();
        assertThat(shard.holds("user:requests:web:app-expiry:late")).isTrue();
        assertThat(shard.size()).isEqualTo(1);
    }

    @Test
    void should_keep_a_user_whose_bucket_is_not_full_yet() {
        Quotas quotas = quotas(first, new Quotas.Limits(5, 0, 0, 0, 0, 0, 0, 0, 1));
        Quotas.Turn turn = new Quotas.Turn("app-expiry", "web", "busy", null);
        for (int i = 0; i < 5; i++) {
            assertThat(quotas.admit(turn)).isEmpty();
        }
        // Five of five taken: full again after a minute, not after 30 s.
        now.addAndGet(Duration.ofSeconds(30).toMillis());
        assertThat(quotas.admit(new Quotas.Turn("app-expiry", "web", "other", null)))
                .isEmpty();

        assertThat(shard().holds("user:requests:web:app-expiry:busy")).isTrue();
        assertThat(quotas.usage("app-expiry", "web", "busy", null))
                .singleElement()
                .satisfies(meter -> assertThat(meter.remaining()).isEqualTo(2));
    }

    @Test
    void should_put_the_shards_in_the_quota_maps_configuration() {
        assertThat(first.getConfig().findMapConfig(UserShards.MAP).getInMemoryFormat())
                .isEqualTo(InMemoryFormat.OBJECT);
        assertThat(first.getConfig().findMapConfig(Quotas.MAP).getInMemoryFormat())
                .isEqualTo(InMemoryFormat.OBJECT);
        assertThat(first.getConfig().findMapConfig(UserShards.MAP).getAsyncBackupCount())
                .isEqualTo(1);
    }

    @Test
    void should_refuse_a_shard_count_that_is_not_a_positive_power_of_two(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> new Quotas.Limits(1, 0, 0, 0, 0, 0, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("quotas.userShards");
        assertThatThrownBy(() -> new Quotas.Limits(1, 0, 0, 0, 0, 0, 0, 0, 12))
                .hasMessageContaining("quotas.userShards");
        assertThat(new Quotas.Limits(1, 0, 0, 0, 0, 0, 0, 0).userShards()).isEqualTo(Quotas.DEFAULT_USER_SHARDS);

        Path file = dir.resolve("switchboard.yaml");
        Files.writeString(file, Files.readString(Path.of("../config/switchboard.yaml")));
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of("SWITCHBOARD_QUOTAS_USER_SHARDS", "3")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("quotas.userShards");
        assertThat(ConfigLoader.load(file, Map.of("SWITCHBOARD_QUOTAS_USER_SHARDS", "64"))
                        .quotas()
                        .userShards())
                .isEqualTo(64);
    }

    private UserShards.Shard shard() {
        return first.<String, UserShards.Shard>getMap(UserShards.MAP).get("users:0");
    }
}
