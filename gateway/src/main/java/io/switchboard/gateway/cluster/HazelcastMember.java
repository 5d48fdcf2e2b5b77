package io.switchboard.gateway.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.YamlConfigBuilder;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.switchboard.gateway.config.ConfigException;
import io.switchboard.gateway.config.GatewayConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Arrays;

/** Starts this node's embedded Hazelcast member from {@code config/hazelcast.yaml} plus the gateway config. */
public final class HazelcastMember {
    private HazelcastMember() {}

    public static HazelcastInstance start(GatewayConfig.Cluster cluster, String instanceName) {
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
        return Hazelcast.newHazelcastInstance(config);
    }
}
