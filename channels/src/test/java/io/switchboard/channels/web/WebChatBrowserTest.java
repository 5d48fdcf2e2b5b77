package io.switchboard.channels.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.channels.spi.BoundAccount;
import io.switchboard.channels.spi.TurnReply;
import io.switchboard.channels.testing.ChannelTestServer;
import io.switchboard.channels.testing.ScriptedTurnHandler;
import io.switchboard.channels.testing.ScriptedTurnHandler.Ending;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
import org.openqa.selenium.SearchContext;
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
    void should_pick_up_an_answer_still_streaming_after_a_reload_where_it_was() {
        // given an answer streaming slowly
        fixture.turns.chunks(3, 60);
        String question = "Tell me about the order in detail";
        driver.findElement(By.id("message-input")).sendKeys(question, Keys.ENTER);
        await().atMost(PATIENCE)
                .until(() -> driver.findElement(By.id("stop")).isDisplayed()
                        && lastAnswer()
                                        .findElement(By.className("bubble"))
                                        .getText()
                                        .length()
                                > 10);
        int turns = fixture.turns.received().size();

        // when the page is reloaded in the middle of it
        driver.navigate().refresh();

        // then the question is there and the answer carries on to its end, once, without a new turn
        await().atMost(PATIENCE)
                .until(() -> messages().size() == 2
                        && driver.findElement(By.id("stop")).isDisplayed());
        String resumedAt = lastAnswer().findElement(By.className("bubble")).getText();
        assertThat(resumedAt).as("the text so far is shown at once").isNotEmpty();
        awaitAnswerFinished(2);
        assertThat(messages().getFirst().getText()).contains(question);
        WebElement bubble = lastAnswer().findElement(By.className("bubble"));
        assertThat(bubble.getText()).startsWith("You asked: " + question).endsWith("Bye.");
        assertThat(bubble.findElements(By.cssSelector("pre code")))
                .singleElement()
                .extracting(WebElement::getText)
                .isEqualTo("step 1\nstep 2");
        assertThat(fixture.turns.received()).hasSize(turns);
        assertThat(driver.findElement(By.id("send")).isDisplayed()).isTrue();
        assertThat(severeBrowserLogs()).isEmpty();
    }

    @Test
    void should_stop_generating_and_keep_what_was_shown_through_a_reload() {
        // given
        fixture.turns.chunks(1, 60);
        driver.findElement(By.id("message-input")).sendKeys("Write a long story", Keys.ENTER);
        await().atMost(PATIENCE)
                .until(() -> driver.findElement(By.id("stop")).isDisplayed()
                        && lastAnswer()
                                        .findElement(By.className("bubble"))
                                        .getText()
                                        .length()
                                > 3);

        // when
        driver.findElement(By.id("stop")).click();

        // then
        awaitAnswerFinished(2);
        assertThat(driver.findElement(By.id("send")).isDisplayed()).isTrue();
        String shown = lastAnswer().findElement(By.className("bubble")).getText();
        assertThat(shown).endsWith("(stopped)");
        assertThat(shown).doesNotContain("Bye.");
        assertThat(driver.findElement(By.id("status")).getText()).isEqualTo("Stopped.");
        driver.navigate().refresh();
        await().atMost(PATIENCE).until(() -> messages().size() == 2);
        assertThat(lastAnswer().findElement(By.className("bubble")).getText()).isEqualTo(shown);
        assertThat(severeBrowserLogs()).isEmpty();
    }

    @Test
    void should_copy_an_answer_and_regenerate_the_last_one() {
        // given
        driver.executeCdpCommand(
                "Browser.grantPermissions",
                Map.of("origin", fixture.server.baseUrl(), "permissions", List.of("clipboardReadWrite")));
        driver.findElement(By.id("message-input")).sendKeys("Pick a number", Keys.ENTER);
        awaitAnswerFinished(2);
        int turns = fixture.turns.received().size();

        // when the answer is copied, then its Markdown is on the clipboard
        lastAnswer().findElement(By.cssSelector(".actions .copy")).click();
        await().atMost(PATIENCE)
                .until(() -> lastAnswer()
                        .findElement(By.cssSelector(".actions .copy"))
                        .getText()
                        .equals("Copied"));
        assertThat(driver.executeAsyncScript("arguments[0](await navigator.clipboard.readText())"))
                .isEqualTo(fixture.turns.answerTo("Pick a number"));

        // when regenerated
        lastAnswer().findElement(By.cssSelector(".actions .regenerate")).click();

        // then the same question is asked again and its one answer replaces the old one
        await().atMost(PATIENCE).until(() -> fixture.turns.completed() > turns);
        awaitAnswerFinished(2);
        assertThat(fixture.turns.received()).hasSize(turns + 1);
        assertThat(fixture.turns.last().text()).isEqualTo("Pick a number");
        driver.navigate().refresh();
        await().atMost(PATIENCE).until(() -> messages().size() == 2);
        assertThat(severeBrowserLogs()).isEmpty();
    }

    @Test
    void should_send_feedback_from_the_thumbs_under_an_answer() {
        // given
        driver.findElement(By.id("message-input")).sendKeys("Was this useful?", Keys.ENTER);
        awaitAnswerFinished(2);
        String turnId = "turn-" + fixture.turns.last().messageId();
        int before = fixture.turns.feedback().size();

        // when thumbs up, then down
        WebElement up = lastAnswer().findElement(By.cssSelector(".feedback-button[data-rating=up]"));
        assertThat(up.getDomAttribute("aria-label")).isEqualTo("Helpful");
        up.click();
        await().atMost(PATIENCE)
                .until(() -> "true"
                        .equals(lastAnswer()
                                .findElement(By.cssSelector(".feedback-button[data-rating=up]"))
                                .getDomAttribute("aria-pressed")));
        lastAnswer()
                .findElement(By.cssSelector(".feedback-button[data-rating=down]"))
                .click();
        await().atMost(PATIENCE).until(() -> fixture.turns.feedback().size() == before + 2);

        // then both verdicts reached the gateway for that answer, with the page's user id
        assertThat(fixture.turns.feedback().subList(before, before + 2))
                .extracting(f -> f.turnId() + ":" + f.up() + ":" + f.channel())
                .containsExactly(turnId + ":true:web", turnId + ":false:web");
        assertThat(fixture.turns.feedback().getLast().userId())
                .isEqualTo(fixture.turns.last().userId());
        await().atMost(PATIENCE)
                .until(() -> "true"
                        .equals(lastAnswer()
                                .findElement(By.cssSelector(".feedback-button[data-rating=down]"))
                                .getDomAttribute("aria-pressed")));
        assertThat(severeBrowserLogs()).isEmpty();
    }

    @Test
    void should_list_rename_delete_and_resume_conversations_in_the_drawer() throws IOException {
        // given two conversations
        driver.findElement(By.id("message-input")).sendKeys("About shipping", Keys.ENTER);
        awaitAnswerFinished(2);
        driver.findElement(By.id("new-conversation")).click();
        await().atMost(PATIENCE).until(() -> messages().isEmpty());
        driver.findElement(By.id("message-input")).sendKeys("About returns", Keys.ENTER);
        awaitAnswerFinished(2);

        // when the drawer opens, then both are listed, newest first, the open one marked
        WebElement toggle = driver.findElement(By.id("drawer-toggle"));
        assertThat(toggle.getDomAttribute("aria-expanded")).isEqualTo("false");
        toggle.click();
        await().atMost(PATIENCE).until(() -> conversationTitles().size() == 2);
        assertThat(toggle.getDomAttribute("aria-expanded")).isEqualTo("true");
        assertThat(conversationTitles()).containsExactly("About returns", "About shipping");
        assertThat(driver.findElement(By.cssSelector(".conversation-open[aria-current=true]"))
                        .getText())
                .isEqualTo("About returns");
        Files.write(Path.of("target", "webchat-phone-drawer.png"), driver.getScreenshotAs(OutputType.BYTES));

        // when the older one is renamed
        driver.findElements(By.className("conversation-rename")).get(1).click();
        WebElement name = driver.findElement(By.className("rename-input"));
        assertThat(driver.switchTo().activeElement()).isEqualTo(name);
        name.clear();
        name.sendKeys("Shipping questions", Keys.ENTER);
        await().atMost(PATIENCE).until(() -> conversationTitles().contains("Shipping questions"));

        // when the open one is deleted (confirmed)
        driver.findElements(By.className("conversation-delete")).getFirst().click();
        driver.switchTo().alert().accept();
        await().atMost(PATIENCE).until(() -> conversationTitles().equals(List.of("Shipping questions")));
        assertThat(messages()).isEmpty();

        // when the remaining one is opened, then its transcript is back, also after a reload
        driver.findElement(By.className("conversation-open")).click();
        await().atMost(PATIENCE).until(() -> messages().size() == 2);
        assertThat(driver.findElement(By.id("drawer")).isDisplayed()).isFalse();
        assertThat(messages().getFirst().getText()).contains("About shipping");
        driver.navigate().refresh();
        await().atMost(PATIENCE).until(() -> messages().size() == 2);
        assertThat(messages().getFirst().getText()).contains("About shipping");
        assertThat(severeBrowserLogs()).isEmpty();
    }

    @Test
    void should_ask_for_the_apps_input_variables_before_the_first_message() throws IOException {
        // given the app with variables
        driver.get(fixture.server.baseUrl() + "/chat/trip");
        await().atMost(PATIENCE)
                .until(() -> driver.findElement(By.id("variables")).isDisplayed());
        WebElement city = driver.findElement(By.cssSelector("#variables input[name=city]"));
        WebElement days = driver.findElement(By.cssSelector("#variables input[name=days]"));
        assertThat(driver.findElement(By.cssSelector("label[for='" + city.getDomAttribute("id") + "']"))
                        .getText())
                .isEqualTo("city");
        assertThat(days.getDomProperty("value")).isEqualTo("3");
        Files.write(Path.of("target", "webchat-phone-variables.png"), driver.getScreenshotAs(OutputType.BYTES));

        // when a message is sent with the city empty, then nothing is sent and the city is asked for
        int turns = fixture.turns.received().size();
        driver.findElement(By.id("message-input")).sendKeys("Plan my trip", Keys.ENTER);
        await().atMost(PATIENCE)
                .until(() -> driver.findElement(By.id("status")).getText().equals("Fill in city first."));
        assertThat(driver.switchTo().activeElement()).isEqualTo(city);
        assertThat(city.getDomAttribute("aria-invalid")).isEqualTo("true");
        assertThat(fixture.turns.received()).hasSize(turns);

        // when the city is filled in and the message sent
        city.sendKeys("Paris");
        driver.findElement(By.id("message-input")).sendKeys(Keys.ENTER);

        // then the turn gets the values, the form is gone, and later turns keep them
        awaitAnswerFinished(2);
        assertThat(fixture.turns.last().variables()).isEqualTo(Map.of("city", "Paris", "days", "3"));
        assertThat(driver.findElement(By.id("variables")).isDisplayed()).isFalse();
        driver.findElement(By.id("message-input")).sendKeys("And the next day?", Keys.ENTER);
        awaitAnswerFinished(4);
        assertThat(fixture.turns.last().variables()).isEqualTo(Map.of("city", "Paris", "days", "3"));
    }

    @Test
    void should_fit_a_long_title_on_a_phone_and_speak_chinese() throws IOException {
        // given a long app name on a 390x844 screen
        driver.get(fixture.server.baseUrl() + "/chat/long?lang=zh");
        await().atMost(PATIENCE)
                .until(() -> driver.findElement(By.id("send")).getText().equals("发送"));

        // then the title is shown whole (wrapped, not cut), beside both header buttons
        WebElement title = driver.findElement(By.id("app-name"));
        assertThat(title.getText()).isEqualTo(WebTestFixture.LONG_NAME);
        assertThat((Boolean) driver.executeScript(
                        "const h = arguments[0]; return h.scrollHeight <= h.clientHeight + 1"
                                + " && h.scrollWidth <= h.clientWidth + 1",
                        title))
                .isTrue();
        assertThat(driver.findElement(By.id("drawer-toggle")).isDisplayed()).isTrue();
        assertThat(driver.findElement(By.id("new-conversation")).isDisplayed()).isTrue();
        assertThat(driver.findElement(By.id("new-conversation")).getRect().getX()
                        + driver.findElement(By.id("new-conversation"))
                                .getRect()
                                .getWidth())
                .isLessThanOrEqualTo(390);
        // and the page speaks Chinese, its controls named for screen readers
        assertThat(driver.findElement(By.tagName("html")).getDomAttribute("lang"))
                .isEqualTo("zh-CN");
        assertThat(driver.findElement(By.id("message-input")).getDomAttribute("placeholder"))
                .isEqualTo("输入消息");
        assertThat(driver.findElement(By.id("new-conversation")).getDomAttribute("aria-label"))
                .isEqualTo("新对话");
        assertThat(driver.findElement(By.id("drawer-toggle")).getDomAttribute("aria-label"))
                .isEqualTo("打开对话列表");
        Files.write(Path.of("target", "webchat-phone-long-title-zh.png"), driver.getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void should_float_a_chat_bubble_on_a_page_of_another_origin() throws IOException {
        // given a shop's page on another origin with the one-line embed
        String snippet = "<script src=\"" + fixture.server.baseUrl()
                + "/chat/assets/embed.js\" data-app-id=\"demo\" defer></script>";
        HttpServer shop = ChannelTestServer.await(fixture.vertx
                .createHttpServer()
                .requestHandler(request -> request.response()
                        .putHeader("Content-Type", "text/html; charset=utf-8")
                        .end("<!doctype html><html lang=\"en\"><head><title>Shop</title></head><body>"
                                + "<h1>Our shop</h1>" + snippet + "</body></html>"))
                .listen(0, "localhost"));
        try {
            driver.get("http://localhost:" + shop.actualPort() + "/");
            SearchContext bubbleRoot = await().atMost(PATIENCE)
                    .until(
                            () -> driver.findElements(By.cssSelector("[data-switchboard-chat=demo]")),
                            l -> l.size() == 1)
                    .getFirst()
                    .getShadowRoot();
            WebElement bubble = bubbleRoot.findElement(By.cssSelector(".bubble"));
            assertThat(bubble.getDomAttribute("aria-label")).isEqualTo("Open the chat");
            assertThat(bubble.getDomAttribute("aria-expanded")).isEqualTo("false");
            assertThat(bubbleRoot.findElements(By.cssSelector("iframe")))
                    .as("loaded on first open")
                    .isEmpty();

            // when the bubble is tapped, then the chat opens in a frame and answers
            bubble.click();
            assertThat(bubble.getDomAttribute("aria-expanded")).isEqualTo("true");
            WebElement frame = bubbleRoot.findElement(By.cssSelector("iframe"));
            assertThat(frame.getDomAttribute("src")).startsWith(fixture.server.baseUrl() + "/chat/demo");
            driver.switchTo().frame(frame);
            await().atMost(PATIENCE).until(() -> suggestions().size() == 2);
            driver.findElement(By.id("message-input")).sendKeys("Hello from the shop", Keys.ENTER);
            awaitAnswerFinished(2);
            assertThat(lastAnswer().getText()).contains("You asked: Hello from the shop");
            driver.switchTo().defaultContent();
            Files.write(Path.of("target", "webchat-phone-embed.png"), driver.getScreenshotAs(OutputType.BYTES));

            // when the bubble is tapped again, then the chat closes
            bubble.click();
            assertThat(bubbleRoot.findElement(By.cssSelector(".panel")).isDisplayed())
                    .isFalse();
            assertThat(bubble.getDomAttribute("aria-label")).isEqualTo("Open the chat");

            // when an app allows only another site to frame it, then this shop's frame stays empty
            fixture.accounts.bind(new BoundAccount(
                    "embed-1",
                    "trip",
                    WebEmbedBinding.TYPE,
                    new WebEmbedBinding()
                            .validate(new JsonObject()
                                    .put("frameAncestors", new JsonArray().add("https://shop.example.com")))));
            fixture.channel.accountChanged("embed-1");
            driver.get("http://localhost:" + shop.actualPort() + "/");
            driver.executeScript(
                    "document.querySelector('[data-switchboard-chat]').remove();"
                            + "const s = document.createElement('script'); s.src = arguments[0]; s.dataset.appId = 'trip';"
                            + "document.body.append(s);",
                    fixture.server.baseUrl() + "/chat/assets/embed.js");
            SearchContext tripRoot = await().atMost(PATIENCE)
                    .until(
                            () -> driver.findElements(By.cssSelector("[data-switchboard-chat=trip]")),
                            l -> l.size() == 1)
                    .getFirst()
                    .getShadowRoot();
            tripRoot.findElement(By.cssSelector(".bubble")).click();
            driver.switchTo().frame(tripRoot.findElement(By.cssSelector("iframe")));
            await().during(Duration.ofSeconds(2))
                    .atMost(PATIENCE)
                    .until(() -> driver.findElements(By.id("message-input")).isEmpty());
        } finally {
            driver.switchTo().defaultContent();
            ChannelTestServer.await(shop.close());
        }
    }

    private static List<String> conversationTitles() {
        return driver.findElements(By.className("conversation-open")).stream()
                .map(WebElement::getText)
                .toList();
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
