package io.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.testkit.FakeOpenAiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CONSOLE = Path.of("../console").toAbsolutePath().normalize();
    private static final Path RUNNER = CONSOLE.resolve("node_modules/@playwright/test/cli.js");

    @Test
    void should_build_debug_and_publish_an_app_and_a_workflow_in_the_console(@TempDir Path dir) throws Exception {
        boolean ci = System.getenv("CI") != null;
        if (!ci) {
            assumeTrue(Files.isExecutable(CHROMIUM), "Debian's chromium is not installed");
            assumeTrue(Files.exists(RUNNER), "the console's npm packages are not installed (build the console module)");
        }
        assertThat(CHROMIUM).as("CI must have /usr/bin/chromium").isExecutable();
        assertThat(RUNNER).as("the console module installs @playwright/test").exists();

        try (FakeOpenAiServer model = FakeOpenAiServer.create().start();
                Gateway gateway = TestGateways.single(dir)) {
            Path log = CONSOLE.resolve("target/console-e2e.log");
            Files.createDirectories(log.getParent());
            ProcessBuilder playwright = new ProcessBuilder(
                            "node", RUNNER.toString(), "test", "-c", "e2e/playwright.config.ts", "--project=console")
                    .directory(CONSOLE.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            playwright.environment().put("SWITCHBOARD_URL", "http://127.0.0.1:" + gateway.port());
            playwright.environment().put("SWITCHBOARD_ADMIN_PASSWORD", TestGateways.ADMIN_PASSWORD);
            playwright.environment().put("FAKE_OPENAI_URL", model.baseUrl());
            playwright
                    .environment()
                    .put(
                            "PLAYWRIGHT_BROWSERS_PATH",
                            dir.resolve("no-browser-downloads").toString());
            Process process = playwright.start();
            boolean finished = process.waitFor(15, TimeUnit.MINUTES);
            if (!finished) {
                process.destroyForcibly();
            }
            List<String> lines = Files.readAllLines(log);
            System.out.println(String.join(System.lineSeparator(), lines));
            assertThat(finished)
                    .as("the Playwright run finished within 15 minutes")
                    .isTrue();
            assertThat(process.exitValue())
                    .as("Playwright failed; its output:%n%s", tail(lines))
                    .isZero();
        }
    }

    private static String tail(List<String> lines) {
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }
}
