package io.switchboard.channels.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.channels.spi.TurnReply;
import io.switchboard.channels.testing.ScriptedTurnHandler;
import io.switchboard.channels.testing.ScriptedTurnHandler.Ending;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The chat page in a real headless Chromium at phone size, used as a person would: read the welcome,
 * tap a suggestion, watch the answer stream in, type with the keyboard, reload, start over.
 */
class WebChatBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration PATIENCE = Duration.ofSeconds(15);

    private static WebTestFixture fixture;
    private static Path profileDir;
    private static ChromeDriver driver;

    @BeforeAll
    static void startBrowser() throws IOException {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed && System.getenv("CI") == null) {
            assumeTrue(false, "Debian's chromium and chromium-driver are not installed");
        }
        assertThat(installed)
                .as("CI must have /usr/bin/chromium and /usr/bin/chromedriver")
                .isTrue();
        fixture = new WebTestFixture();
        profileDir = Files.createTempDirectory("webchat-chromium-");
        var options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--user-data-dir=" + profileDir);
        options.setExperimentalOption(
                "mobileEmulation", Map.of("deviceMetrics", Map.of("width", 390, "height", 844, "pixelRatio", 2.0)));
        var logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logging);
        // An explicit driver path keeps Selenium Manager from looking for (or downloading) anything.
        var service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (fixture != null) {
            fixture.close();
        }
        if (profileDir != null) {
            try (Stream<Path> files = Files.walk(profileDir)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @BeforeEach
    void openAFreshChat() {
        fixture.turns.ending(Ending.ANSWER).chunks(2, 15).sources(List.of());
        driver.get(fixture.server.baseUrl() + "/chat/demo");
        driver.executeScript("localStorage.clear()");
        driver.navigate().refresh();
        await().atMost(PATIENCE).until(() -> suggestions().size() == 2);
        severeBrowserLogs(); // reading drains what earlier tests left behind
    }

    private static List<WebElement> suggestions() {
        return driver.findElements(By.cssSelector("#suggestions button"));
    }

    private static List<WebElement> messages() {
        return driver.findElements(By.cssSelector("#transcript > li"));
    }

    private static WebElement lastAnswer() {
        List<WebElement> answers = driver.findElements(By.cssSelector("#transcript > li.message-assistant"));
        return answers.getLast();
    }

    private static void awaitAnswerFinished(int expectedMessages) {
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(messages()).hasSize(expectedMessages);
            assertThat(lastAnswer().findElement(By.className("bubble")).getDomAttribute("class"))
                    .doesNotContain("typing");
        });
    }

    @Test
    void should_carry_a_conversation_through_suggestion_keyboard_reload_and_reset() throws IOException {
        // given the welcome
        assertThat(driver.findElement(By.id("app-name")).getText()).isEqualTo("Order Helper");
        assertThat(driver.findElement(By.id("opening-statement")).getText()).isEqualTo(WebTestFixture.OPENING);
        assertThat(suggestions()).extracting(WebElement::getText).isEqualTo(WebTestFixture.SUGGESTIONS);
        Files.write(Path.of("target", "webchat-phone-welcome.png"), driver.getScreenshotAs(OutputType.BYTES));
        WebElement transcript = driver.findElement(By.id("transcript"));
        assertThat(transcript.getDomAttribute("aria-live")).isEqualTo("polite");
        assertThat(driver.findElements(By.cssSelector("label[for=message-input]")))
                .hasSize(1);
        assertThat(driver.findElements(By.cssSelector("header, main, footer"))).hasSize(3);
        driver.executeScript("""
                window.seenLengths = new Set();
                new MutationObserver(() => {
                  const answers = document.querySelectorAll('#transcript .message-assistant .bubble');
                  if (answers.length) window.seenLengths.add(answers[answers.length - 1].textContent.length);
                }).observe(document.getElementById('transcript'),
                           {subtree: true, childList: true, characterData: true});""");

        // when a suggestion is tapped
        suggestions().getFirst().click();

        // then the answer streams in, rendered safely with bold and a code block
        awaitAnswerFinished(2);
        WebElement bubble = lastAnswer().findElement(By.className("bubble"));
        assertThat(bubble.getText()).startsWith("You asked: Where is my order?").endsWith("Bye.");
        assertThat(bubble.findElement(By.tagName("strong")).getText()).isEqualTo("the answer");
        assertThat(bubble.findElement(By.cssSelector("pre code")).getText()).isEqualTo("step 1\nstep 2");
        long distinctLengths = (Long) driver.executeScript("return window.seenLengths.size");
        assertThat(distinctLengths).as("the answer grew fragment by fragment").isGreaterThan(5);
        assertThat(suggestions().getFirst().isDisplayed()).isFalse();
        assertThat(driver.switchTo().activeElement().getDomAttribute("id")).isEqualTo("message-input");
        String conversationId = fixture.turns.last().conversationId();

        // when a message is typed, with Shift+Enter for a new line and Enter to send
        WebElement input = driver.findElement(By.id("message-input"));
        input.sendKeys("First line", Keys.chord(Keys.SHIFT, Keys.ENTER), "second line", Keys.ENTER);

        // then it is sent in the same conversation
        awaitAnswerFinished(4);
        assertThat(fixture.turns.last().text()).isEqualTo("First line\nsecond line");
        assertThat(fixture.turns.last().conversationId()).isEqualTo(conversationId);
        assertThat(messages().get(2).getText()).contains("First line\nsecond line");
        assertThat(input.getDomProperty("value")).isEmpty();
        Files.write(Path.of("target", "webchat-phone.png"), driver.getScreenshotAs(OutputType.BYTES));

        // when the page is reloaded, the transcript is still there and the conversation continues
        driver.navigate().refresh();
        await().atMost(PATIENCE).until(() -> messages().size() == 4);
        assertThat(messages().get(1).getText()).contains("You asked: Where is my order?");
        driver.findElement(By.id("message-input")).sendKeys("After the reload", Keys.ENTER);
        awaitAnswerFinished(6);
        assertThat(fixture.turns.last().conversationId()).isEqualTo(conversationId);

        // when "New conversation" is pressed, everything is cleared and a new conversation starts
        driver.findElement(By.id("new-conversation")).click();
        await().atMost(PATIENCE).until(() -> messages().isEmpty());
        assertThat(suggestions().getFirst().isDisplayed()).isTrue();
        assertThat(driver.switchTo().activeElement().getDomAttribute("id")).isEqualTo("message-input");
        driver.navigate().refresh();
        await().atMost(PATIENCE).until(() -> suggestions().size() == 2);
        assertThat(messages()).isEmpty();
        driver.findElement(By.id("message-input")).sendKeys("Fresh start", Keys.ENTER);
        awaitAnswerFinished(2);
        assertThat(fixture.turns.last().conversationId()).isNotEqualTo(conversationId);
        assertThat(severeBrowserLogs()).isEmpty();
    }

    @Test
    void should_render_markdown_safely_with_links_in_a_new_tab_and_copyable_code() {
        // given the page may write to the clipboard
        driver.executeCdpCommand(
                "Browser.grantPermissions",
                Map.of(
                        "origin",
                        fixture.server.baseUrl(),
                        "permissions",
                        List.of("clipboardReadWrite", "clipboardSanitizedWrite")));

        // when the model answers with Markdown and some markup
        driver.findElement(By.id("message-input")).sendKeys(WebTestFixture.MARKDOWN_QUESTION, Keys.ENTER);

        // then headings, lists, links, tables, quotes and inline code are rendered
        awaitAnswerFinished(2);
        WebElement bubble = lastAnswer().findElement(By.className("bubble"));
        assertThat(bubble.findElement(By.tagName("h2")).getText()).isEqualTo("Your order");
        assertThat(bubble.findElements(By.cssSelector("ol > li")))
                .extracting(WebElement::getText)
                .containsExactly("Packed", "Shipped with DHL");
        assertThat(bubble.findElement(By.cssSelector("ol strong")).getText()).isEqualTo("Shipped");
        assertThat(bubble.findElement(By.cssSelector("li code")).getText()).isEqualTo("DHL");
        assertThat(bubble.findElements(By.cssSelector("table td")))
                .extracting(WebElement::getText)
                .containsExactly("Paid", "Monday");
        assertThat(bubble.findElement(By.tagName("blockquote")).getText()).isEqualTo("Thanks for waiting.");
        WebElement link = bubble.findElement(By.linkText("the tracking page"));
        assertThat(link.getDomAttribute("href")).isEqualTo("https://example.com/track?id=1");
        assertThat(link.getDomAttribute("target")).isEqualTo("_blank");
        assertThat(link.getDomAttribute("rel")).contains("noopener");
        // and nothing the model wrote runs: no script, no handler, no javascript: link
        assertThat(bubble.findElements(By.cssSelector("script, img, [onerror], [onclick]")))
                .isEmpty();
        assertThat(bubble.findElement(By.linkText("this")).getDomAttribute("href"))
                .isNull();
        assertThat(bubble.getText()).contains("<a href=\"https://example.org\" onclick=");
        assertThat(driver.executeScript("return window.pwned === undefined")).isEqualTo(true);

        // when the code block's copy button is pressed
        WebElement code = bubble.findElement(By.cssSelector(".code-block pre code"));
        assertThat(code.getText()).isEqualTo("System.out.println(\"hi\");");
        assertThat(bubble.findElement(By.className("code-language")).getText()).isEqualTo("java");
        WebElement copy = bubble.findElement(By.className("code-copy"));
        assertThat(copy.getText()).isEqualTo("Copy code");
        copy.click();

        // then the code is on the clipboard
        await().atMost(PATIENCE).until(() -> copy.getText().equals("Copied"));
        Object clipboard = driver.executeAsyncScript(
                "const done = arguments[0]; navigator.clipboard.readText().then(done, e => done('error ' + e));");
        assertThat(clipboard).isEqualTo("System.out.println(\"hi\");");
        assertThat(severeBrowserLogs()).isEmpty();
    }

    @Test
    void should_list_the_sources_under_the_answer_with_expandable_passages_that_survive_a_reload() {
        // given
        fixture.turns
                .chunks(8, 1)
                .sources(List.of(
                        new TurnReply.Source("returns.pdf", "Returns are accepted within 7 days."),
                        new TurnReply.Source("<b>faq</b>.md", "退货请联系客服。")));

        // when
        driver.findElement(By.id("message-input")).sendKeys("Can I return it?", Keys.ENTER);

        // then
        awaitAnswerFinished(2);
        List<WebElement> names = lastAnswer().findElements(By.cssSelector(".sources .source-name"));
        assertThat(lastAnswer().findElement(By.className("sources-title")).getText())
                .isEqualTo("Sources");
        assertThat(names).extracting(WebElement::getText).containsExactly("returns.pdf", "<b>faq</b>.md");
        WebElement passage = lastAnswer().findElement(By.cssSelector(".sources li:first-child .source-passage"));
        assertThat(passage.isDisplayed()).as("collapsed at first").isFalse();
        names.getFirst().click();
        assertThat(passage.isDisplayed()).isTrue();
        assertThat(passage.getText()).isEqualTo("Returns are accepted within 7 days.");

        driver.navigate().refresh();
        await().atMost(PATIENCE).until(() -> messages().size() == 2);
        assertThat(lastAnswer().findElements(By.cssSelector(".sources .source-name")))
                .hasSize(2);
        assertThat(severeBrowserLogs()).isEmpty();
    }

    @Test
    void should_show_a_failed_answer_politely() {
        // given
        fixture.turns.ending(Ending.FAILED_REPLY);

        // when
        driver.findElement(By.id("message-input")).sendKeys("Will this work?", Keys.ENTER);

        // then
        awaitAnswerFinished(2);
        WebElement answer = lastAnswer();
        assertThat(answer.getDomAttribute("class")).contains("message-failed");
        assertThat(answer.getText()).contains(ScriptedTurnHandler.FAILURE_TEXT);
        assertThat(driver.findElement(By.id("send")).isDisplayed()).isTrue();
        assertThat(driver.findElement(By.id("stop")).isDisplayed()).isFalse();
    }

    @Test
    void should_show_a_rejected_message_politely() {
        // given a message the server refuses (too long once the page's own limit is bypassed)
        driver.executeScript("document.getElementById('message-input').removeAttribute('maxlength')");
        WebElement input = driver.findElement(By.id("message-input"));
        ((JavascriptExecutor) driver).executeScript("arguments[0].value = 'x'.repeat(8001)", input);

        // when
        input.sendKeys(Keys.ENTER);

        // then
        awaitAnswerFinished(2);
        assertThat(lastAnswer().getDomAttribute("class")).contains("message-failed");
        assertThat(lastAnswer().findElement(By.className("bubble")).getText())
                .startsWith("Sorry")
                .contains("at most 8000 characters");
        assertThat(input.getDomProperty("value")).as("the text is given back").hasSize(8001);
    }

    private static List<LogEntry> severeBrowserLogs() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .toList();
    }
}
