package io.switchboard.gateway.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MapStoreConfig;
import com.hazelcast.config.YamlConfigBuilder;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.switchboard.gateway.config.ConfigException;
import io.switchboard.gateway.config.GatewayConfig;
import io.switchboard.runtime.memory.ConversationMapStore;
import io.switchboard.runtime.memory.ConversationStore;
import io.switchboard.runtime.memory.HazelcastConversationMemory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;

/** Starts this node's embedded Hazelcast member from {@code config/hazelcast.yaml} plus the gateway config. */
public final class HazelcastMember {
    private HazelcastMember() {}

    /** A member whose conversation memory lives in memory only (for tests of the cluster itself). */
    public static HazelcastInstance start(GatewayConfig.Cluster cluster, String instanceName) {
        return Hazelcast.newHazelcastInstance(config(cluster, instanceName));
    }

    /** A member whose conversation memory is written through to {@code conversations} and loaded from it. */
    public static HazelcastInstance start(
            GatewayConfig.Cluster cluster, String instanceName, ConversationStore conversations) {
        Config config = config(cluster, instanceName);
        MapConfig memory = config.getMapConfig(HazelcastConversationMemory.DEFAULT_MAP_NAME);
        memory.setMapStoreConfig(new MapStoreConfig()
                .setEnabled(true)
                // Write-through: a write-behind queue would die with the whole cluster.
                .setWriteDelaySeconds(0)
                .setInitialLoadMode(MapStoreConfig.InitialLoadMode.LAZY)
                .setImplementation(
                        ConversationMapStore.create(conversations, Duration.ofSeconds(memory.getMaxIdleSeconds()))));
        return Hazelcast.newHazelcastInstance(config);
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
        config.getNetworkConfig().setPort(cluster.port());
        if (!cluster.networkInterface().isEmpty()) {
            config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface(cluster.networkInterface());
            config.setProperty("hazelcast.local.localAddress", cluster.networkInterface());
        }
        if (!cluster.members().isEmpty()) {
            var tcp = config.getNetworkConfig().getJoin().getTcpIpConfig().setEnabled(true);
            Arrays.stream(cluster.members().split(","))
                    .map(String::strip)
                    .filter(m -> !m.isEmpty())
                    .forEach(tcp::addMember);
        }
        return config;
    }
}
