package io.switchboard.gateway.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MapStoreConfig;
import com.hazelcast.config.YamlConfigBuilder;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.github.bucket4j.grid.hazelcast.HazelcastProxyManager;
import io.switchboard.gateway.config.ConfigException;
import io.switchboard.gateway.config.GatewayConfig;
import io.switchboard.gateway.quota.Quotas;
import io.switchboard.runtime.memory.ConversationMapStore;
import io.switchboard.runtime.memory.ConversationMergePolicy;
import io.switchboard.runtime.memory.ConversationStore;
import io.switchboard.runtime.memory.HazelcastConversationMemory;
import io.switchboard.runtime.security.SecretBox;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;

/**
 * Starts this node's embedded Hazelcast member from {@code config/hazelcast.yaml} plus the gateway config.
 *
 * <p>Hazelcast's open-source edition has neither member authentication nor TLS: whoever reaches the
 * member port and knows the cluster name can join and read every map. So a single member (no
 * {@code cluster.members}) listens on loopback only, and a member of a cluster binds exactly the
 * configured {@code cluster.networkInterface} (never every interface), which belongs on a private network.
 */
public final class HazelcastMember {
    static final String LOOPBACK = "127.0.0.1";
    /** Conversations written per database transaction by the write-behind queue. */
    static final int WRITE_BATCH = 200;
    /**
     * First of the Hazelcast type ids of Bucket4j's serializers (quotas): its entry processors then travel to
     * the key's owner and backup in a few bytes instead of Java serialization. Every member of a cluster must
     * register them alike, so a cluster is not upgraded across this change one member at a time.
     */
    static final int QUOTA_SERIALIZER_TYPE_ID_BASE = 10_000;

    private HazelcastMember() {}

    /** A member whose conversation memory lives in memory only (for tests of the cluster itself). */
    public static HazelcastInstance start(GatewayConfig.Cluster cluster, String instanceName) {
        return Hazelcast.newHazelcastInstance(config(cluster, instanceName));
    }

    /**
     * A member whose conversation memory is written to {@code conversations} and loaded from it, and whose
     * conversations keep both sides' exchanges after a split brain ({@link ConversationMergePolicy}, which
     * opens the sealed values with {@code masterKey}).
     */
    public static HazelcastInstance start(
            GatewayConfig.Cluster cluster, String instanceName, ConversationStore conversations, SecretBox masterKey) {
        return Hazelcast.newHazelcastInstance(config(cluster, instanceName, conversations, masterKey));
    }

    /** The configuration {@link #start(GatewayConfig.Cluster, String, ConversationStore, SecretBox)} uses. */
    static Config config(
            GatewayConfig.Cluster cluster, String instanceName, ConversationStore conversations, SecretBox masterKey) {
        Config config = config(cluster, instanceName);
        ConversationMergePolicy.install(config, HazelcastConversationMemory.DEFAULT_MAP_NAME, masterKey);
        MapConfig memory = config.getMapConfig(HazelcastConversationMemory.DEFAULT_MAP_NAME);
        int writeDelaySeconds = (int) cluster.memoryWriteDelay().toSeconds();
        memory.setMapStoreConfig(new MapStoreConfig()
                .setEnabled(true)
                // Write-behind by default: one database write per conversation per delay, in batches,
                // instead of one per turn on the turn's path. The queue has a copy on the key's backup
                // member and is flushed on a graceful shutdown; only a crash of every member holding a
                // conversation within the delay loses its last changes. Zero: write-through.
                .setWriteDelaySeconds(writeDelaySeconds)
                .setWriteCoalescing(true)
                .setWriteBatchSize(WRITE_BATCH)
                .setInitialLoadMode(MapStoreConfig.InitialLoadMode.LAZY)
                .setImplementation(
                        ConversationMapStore.create(conversations, Duration.ofSeconds(memory.getMaxIdleSeconds()))));
        return config;
    }

    private static Config config(GatewayConfig.Cluster cluster, String instanceName) {
        Config config;
        try (InputStream in = Files.newInputStream(cluster.config())) {
            config = new YamlConfigBuilder(in).build();
        } catch (IOException e) {
            throw new ConfigException(
                    "cannot read Hazelcast configuration " + cluster.config().toAbsolutePath());
        }
        config.setInstanceName(instanceName);
        config.setClusterName(cluster.clusterName());
        HazelcastProxyManager.addCustomSerializers(config.getSerializationConfig(), QUOTA_SERIALIZER_TYPE_ID_BASE);
        config.addMapConfig(Quotas.mapConfig());
        config.getNetworkConfig().setPort(cluster.port());
        // Hazelcast's default failure detection (60 s without heartbeats, which come every 5 s) is as long as
        // the channels' recovery grace; the configured one is checked against every grace (GatewayConfig).
        config.setProperty(
                "hazelcast.max.no.heartbeat.seconds",
                String.valueOf(cluster.failureDetection().toSeconds()));
        config.setProperty(
                "hazelcast.heartbeat.interval.seconds",
                String.valueOf(cluster.heartbeatInterval().toSeconds()));
        // Without this Hazelcast binds 0.0.0.0 whatever interface it announces.
        config.setProperty("hazelcast.socket.bind.any", "false");
        String address = cluster.members().isEmpty() ? LOOPBACK : cluster.networkInterface();
        if (cluster.members().isEmpty()
                && !cluster.networkInterface().isEmpty()
                && !isLoopback(cluster.networkInterface())) {
            throw new ConfigException("cluster.networkInterface " + cluster.networkInterface()
                    + " is not a loopback address: a single member (no cluster.members) listens on 127.0.0.1 only");
        }
        config.getNetworkConfig().getInterfaces().setEnabled(true).clear().addInterface(address);
        config.getNetworkConfig().setPublicAddress(address);
        config.setProperty("hazelcast.local.localAddress", address);
        if (!cluster.members().isEmpty()) {
            var tcp = config.getNetworkConfig().getJoin().getTcpIpConfig().setEnabled(true);
            Arrays.stream(cluster.members().split(","))
                    .map(String::strip)
                    .filter(m -> !m.isEmpty())
                    .forEach(tcp::addMember);
        }
        return config;
    }

    private static boolean isLoopback(String address) {
        return address.equals(LOOPBACK) || address.startsWith("127.") || address.equals("::1");
    }
}
