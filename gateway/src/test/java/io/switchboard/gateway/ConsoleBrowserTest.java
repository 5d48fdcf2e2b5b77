package io.switchboard.gateway;

import io.switchboard.testkit.FakeOpenAiServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin console end to end in real headless Chromium (Debian's, driven by Playwright from the
 * console's own node_modules) against a real gateway node whose model is the fake OpenAI server:
 * {@code console/e2e/console.spec.ts} logs in, builds, debugs and publishes an app and a workflow,
 * uploads knowledge and asks the web chat. Its screenshots land in {@code console/target/e2e-results}
 * (or {@code SWITCHBOARD_SCREENSHOTS}).
 */
class ConsoleBrowserTest {
    @Test
    void should_build_debug_and_publish_an_app_and_a_workflow_in_the_console(@TempDir Path dir) throws Exception {
        PlaywrightRun.requireBrowser();

        try (FakeOpenAiServer model = FakeOpenAiServer.create().start();
                Gateway gateway = TestGateways.single(dir)) {
            PlaywrightRun.run(
                    "console",
                    Map.of(
                            "SWITCHBOARD_URL",
                            "http://127.0.0.1:" + gateway.port(),
                            "SWITCHBOARD_ADMIN_PASSWORD",
                            TestGateways.ADMIN_PASSWORD,
                            "FAKE_OPENAI_URL",
                            model.baseUrl()),
                    "console-e2e.log",
                    15,
                    dir);
        }
    }
}
