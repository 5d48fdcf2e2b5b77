package io.switchboard.gateway;

import io.switchboard.gateway.config.ConfigException;
import io.switchboard.gateway.config.ConfigLoader;
import io.switchboard.gateway.config.GatewayConfig;
import io.switchboard.gateway.telemetry.LogFormat;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** Command-line entry: {@code java -jar switchboard.jar [config/switchboard.yaml]}. */
public final class Switchboard {
    private static final Logger LOG = LoggerFactory.getLogger(Switchboard.class);

    private Switchboard() {}

    private static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    public static void main(String[] args) throws Exception {
        // Hazelcast completes its async calls on the common fork-join pool — or, when that pool has a
        // parallelism of 1 (any 2-core machine), on a new platform thread per call, which capped the
        // shared state at a few hundred operations a second. Must run before the pool is first used.
        if (System.getProperty(COMMON_POOL_PARALLELISM) == null) {
            System.setProperty(COMMON_POOL_PARALLELISM, "4");
        }
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        Path configFile = Path.of(
                args.length > 0
                        ? args[0]
                        : System.getenv().getOrDefault("SWITCHBOARD_CONFIG", "config/switchboard.yaml"));
        GatewayConfig config;
        try {
            config = ConfigLoader.load(configFile, System.getenv());
        } catch (ConfigException e) {
            System.err.println("switchboard: " + e.getMessage());
            System.exit(2);
            return;
        }
        LogFormat.apply(config.logging().format());
        long started = System.nanoTime();
        Gateway gateway;
        try {
            gateway = Gateway.start(config);
        } catch (ConfigException e) {
            System.err.println("switchboard: " + e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            LOG.info("shutting down: finishing in-flight turns");
                            try {
                                gateway.close();
                            } catch (Exception e) {
                                LOG.error("error during shutdown", e);
                            }
                            stopped.countDown();
                        },
                        "switchboard-shutdown"));
        printBanner(gateway, config, (System.nanoTime() - started) / 1_000_000);
        stopped.await();
    }

    private static void printBanner(Gateway gateway, GatewayConfig config, long startMillis) {
        String url = gateway.publicUrl();
        StringBuilder out = new StringBuilder();
        out.append("\nSwitchboard is running (started in ").append(startMillis).append(" ms)\n");
        out.append("  Admin console:         ").append(url).append("/console\n");
        out.append("  Web chat (sample app): ")
                .append(url)
                .append("/chat/")
                .append(config.sample().appId())
                .append('\n');
        out.append("  Admin API:             ")
                .append(url)
                .append("/admin/v1  (OpenAPI: ")
                .append(url)
                .append("/openapi.yaml)\n");
        out.append("  Developer API:         ").append(url).append("/v1/chat/completions\n");
        out.append("  Health / metrics:      ")
                .append(url)
                .append("/health/ready  ")
                .append(url)
                .append("/metrics\n");
        gateway.generatedAdminPassword()
                .ifPresentOrElse(
                        password -> out.append("  Admin login:           user '")
                                .append(config.admin().username())
                                .append("', password '")
                                .append(password)
                                .append(
                                        "' (shown once; stored hashed; change it in the console or with POST /admin/v1/auth/password)\n"),
                        () -> out.append("  Admin login:           user '")
                                .append(config.admin().username())
                                .append("' with the password set at first start\n"));
        out.append("  Log in: curl -s -X POST ")
                .append(url)
                .append("/admin/v1/auth/login -H 'content-type: application/json' -d '{\"username\":\"")
                .append(config.admin().username())
                .append("\",\"password\":\"...\"}'\n");
        System.out.println(out);
    }
}
