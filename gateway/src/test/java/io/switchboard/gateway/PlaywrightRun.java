package io.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one project of the console's Playwright suite ({@code console/e2e/playwright.config.ts}) in Debian's
 * headless Chromium, never a downloaded browser, and fails the calling test with the run's output when
 * Playwright fails. Outside CI the test is skipped when Chromium or the console's npm packages are missing.
 */
final class PlaywrightRun {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CONSOLE = Path.of("../console").toAbsolutePath().normalize();
    private static final Path RUNNER = CONSOLE.resolve("node_modules/@playwright/test/cli.js");

    private PlaywrightRun() {}

    /** Skips (outside CI) or fails (in CI) when the browser or the runner is missing. */
    static void requireBrowser() {
        if (System.getenv("CI") == null) {
            assumeTrue(Files.isExecutable(CHROMIUM), "Debian's chromium is not installed");
            assumeTrue(Files.exists(RUNNER), "the console's npm packages are not installed (build the console module)");
        }
        assertThat(CHROMIUM).as("CI must have /usr/bin/chromium").isExecutable();
        assertThat(RUNNER).as("the console module installs @playwright/test").exists();
    }

    /** Runs {@code project} with {@code env}, its output in {@code console/target/<log>}, within {@code minutes}. */
    static void run(String project, Map<String, String> env, String log, int minutes, Path dir) throws Exception {
        Path output = CONSOLE.resolve("target/" + log);
        Files.createDirectories(output.getParent());
        ProcessBuilder playwright = new ProcessBuilder(
                        "node", RUNNER.toString(), "test", "-c", "e2e/playwright.config.ts", "--project=" + project)
                .directory(CONSOLE.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        playwright.environment().putAll(env);
        playwright
                .environment()
                .put(
                        "PLAYWRIGHT_BROWSERS_PATH",
                        dir.resolve("no-browser-downloads").toString());
        Process process = playwright.start();
        boolean finished = process.waitFor(minutes, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        List<String> lines = Files.readAllLines(output);
        System.out.println(String.join(System.lineSeparator(), lines));
        assertThat(finished)
                .as("the Playwright run finished within %d minutes", minutes)
                .isTrue();
        assertThat(process.exitValue())
                .as("Playwright failed; its output:%n%s", tail(lines))
                .isZero();
    }

    private static String tail(List<String> lines) {
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }
}
