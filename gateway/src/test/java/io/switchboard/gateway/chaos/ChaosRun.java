package io.switchboard.gateway.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.gateway.HttpTestClient;
import io.switchboard.gateway.TestApps;
import io.switchboard.runtime.security.SecretBox;
import io.switchboard.testkit.FakeOpenAiServer;
import io.switchboard.testkit.FakeTelegramBotApi;
import io.switchboard.testkit.TelegramUpdates;
import io.switchboard.testkit.weixin.CorpApp;
import io.switchboard.testkit.weixin.FakeWeixinPlatform;
import io.switchboard.testkit.weixin.OfficialAccount;
import io.switchboard.testkit.weixin.WeixinCallbacks;
import io.switchboard.testkit.weixin.WeixinMessages;
import io.switchboard.threads.VirtualThreads;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * Three gateway processes (TCP-IP join on loopback, one database) under mixed traffic — WeChat
 * service-account and WeCom app callbacks whose retries land on other nodes, Telegram webhook updates (redelivered to
 * another node until one takes them, as Telegram does), web chat, the developer API — while one
 * node is killed with SIGKILL and started again, and then every node is restarted in turn. Web and API
 * clients retry a failed request on another node, as a load balancer would. At the end every message
 * is accounted for: sent, answered, lost (never answered), duplicated (answered more than once) and
 * conversations whose memory was lost (the model was sent fewer earlier turns than the conversation had).
 */
public final class ChaosRun {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern COUNT = Pattern.compile("\\((\\d+) messages\\)$");
    /**
     * How long a gateway may take to start: 20–70 s were seen on a 2-core machine at load 20–40, and a
     * restart after the kill took more than 4 minutes at load 45–60.
     */
    private static final Duration START = Duration.ofMinutes(6);
    /**
     * A killed member is declared dead after 5 s without heartbeats (cluster.failureDetection; 15 s by
     * default). Until then its partitions answer nobody and the heartbeats kept there cannot be renewed.
     */
    static final Duration FAILURE_DETECTION = Duration.ofSeconds(5);
    /**
     * The channels' recovery grace (WeChat, WeCom, Telegram): the least the gateway accepts with that
     * detection (failureDetection + 10 s, GatewayConfig.Cluster#requireSafeRecoveryGrace). A 10 s detection
     * with a 3 s grace duplicated 6 WeChat answers in an earlier run.
     */
    static final Duration RECOVERY_GRACE = Duration.ofSeconds(15);

    /**
     * @param workersPerChannel concurrent conversations per channel
     * @param turnsPerConversation turns before a conversation is left for a new one
     * @param turnsPerPhase answered turns (all channels) between two chaos steps
     * @param rollingRestarts how many nodes are restarted in turn (SIGTERM, start) after the kill: 3 in
     *     {@code bench/chaos.sh}, 2 in the suite's {@code ChaosTest} (nodes 0 and 1: node 2 was just
     *     restarted after its kill, so every node still restarts once)
     */
    public record Settings(
            int workersPerChannel,
            int turnsPerConversation,
            int turnsPerPhase,
            int rollingRestarts,
            Duration recoveryGrace,
            String databaseUrl,
            String databaseUser,
            String databasePassword) {}

    /** What happened to every message sent. */
    public record Counts(long sent, long answered, long lost, long duplicated, long memoryLost, long conversations) {
        @Override
        public String toString() {
            return "sent " + sent + ", answered " + answered + ", lost " + lost + ", duplicated " + duplicated
                    + ", conversations " + conversations + ", memory lost " + memoryLost;
        }
    }

    private final Settings settings;
    private final Path dir;
    private final List<GatewayProcess> nodes = new ArrayList<>();
    private final FakeOpenAiServer model = FakeOpenAiServer.create().start();
    private final FakeWeixinPlatform platform = FakeWeixinPlatform.start();
    private final FakeTelegramBotApi telegram = FakeTelegramBotApi.start();
    private static final String BOT_TOKEN = "987654321:AAEchaosTestTokenForTelegram00000";
    private static final String WEBHOOK_SECRET = "chaos-webhook-secret-0123456789";
    private final Map<String, Long> telegramSent = new ConcurrentHashMap<>(); // message text -> chat
    private final AtomicLong chats = new AtomicLong(7_000_000);
    private String telegramPath;
    private final OfficialAccount account = OfficialAccount.random("chaos");
    private final CorpApp corp = CorpApp.random("chaos", 1000002);
    private final AtomicLong msgIds = new AtomicLong(1);
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong answeredTurns = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong memoryLost = new AtomicLong();
    private final AtomicLong conversations = new AtomicLong();
    private final Map<String, String> wechatSent = new ConcurrentHashMap<>(); // message text -> user
    private final Map<String, String> wecomSent = new ConcurrentHashMap<>(); // message text -> user
    private final Set<String> forgetful = ConcurrentHashMap.newKeySet();
    /** Each message lost or answered more than once, named so that the nodes' logs can be searched for it. */
    private final List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());

    private final AtomicInteger nextNode = new AtomicInteger();
    private String apiKey;
    private String binding;
    private String corpBinding;

    private ChaosRun(Settings settings, Path dir) {
        this.settings = settings;
        this.dir = dir;
    }

    /** Runs the whole scenario in {@code dir} and stops everything it started. */
    public static Counts run(Settings settings, Path dir, java.util.function.Consumer<String> log) throws Exception {
        ChaosRun chaos = new ChaosRun(settings, dir);
        try {
            return chaos.scenario(log);
        } finally {
            chaos.close();
        }
    }

    private Counts scenario(java.util.function.Consumer<String> out) throws Exception {
        long began = System.nanoTime();
        java.util.function.Consumer<String> log =
                line -> out.accept((System.nanoTime() - began) / 1_000_000_000 + " s: " + line);
        startNodes();
        log.accept("3 nodes ready");
        setUp();
        VirtualThreads traffic = VirtualThreads.named("chaos-traffic");
        for (int i = 0; i < settings.workersPerChannel(); i++) {
            traffic.execute(() -> loop(this::webConversation));
            traffic.execute(() -> loop(this::apiConversation));
            traffic.execute(() -> loop(this::wechatConversation));
            traffic.execute(() -> loop(this::telegramConversation));
            traffic.execute(() -> loop(this::wecomConversation));
        }
        progress("steady traffic");
        log.accept("kill -9 node 2");
        nodes.get(2).kill();
        progress("node 2 dead");
        nodes.get(2).start();
        nodes.get(2).awaitReady(START);
        log.accept("node 2 restarted");
        progress("node 2 back");
        for (GatewayProcess node : nodes.subList(0, Math.min(3, settings.rollingRestarts()))) {
            node.stop();
            node.start();
            node.awaitReady(START);
            log.accept("rolling restart: node " + node.index() + " restarted");
            progress("after restarting node " + node.index());
        }
        running.set(false);
        traffic.close(); // every client gives up within its own bounds (two minutes of retries at most)
        // A message a dead node accepted is answered by another after the grace: wait for that too.
        try {
            Awaitility.await("recovered WeChat and Telegram answers")
                    .atMost(settings.recoveryGrace().multipliedBy(4).plusSeconds(30))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() ->
                            unanswered(wechatSent) == 0 && unanswered(wecomSent) == 0 && telegramUnanswered() == 0);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            log.accept("still unanswered: " + unanswered(wechatSent) + " WeChat, " + unanswered(wecomSent) + " WeCom, "
                    + telegramUnanswered() + " Telegram");
        }
        log.accept("sent per channel: WeChat MP " + wechatSent.size() + ", WeCom " + wecomSent.size() + ", Telegram "
                + telegramSent.size() + ", web chat + API "
                + (sent.get() - wechatSent.size() - wecomSent.size() - telegramSent.size()));
        log.accept("web/API turns lost: " + lost.get() + "; WeChat unanswered: " + unanswered(wechatSent)
                + "; WeCom unanswered: " + unanswered(wecomSent) + "; Telegram unanswered: " + telegramUnanswered()
                + "; forgetful conversations: " + forgetful);
        Counts counts = counts();
        problems.forEach(problem -> log.accept(problem));
        return counts;
    }

    private void startNodes() throws IOException {
        int firstHazelcastPort = freePort();
        String members = "127.0.0.1:" + firstHazelcastPort + ",127.0.0.1:" + (firstHazelcastPort + 1) + ",127.0.0.1:"
                + (firstHazelcastPort + 2);
        Path config = dir.resolve("switchboard.yaml");
        Files.writeString(
                config,
                Files.readString(Path.of("../config/switchboard.yaml"))
                                .replace("config: config/hazelcast.yaml", "config: ../config/hazelcast.yaml")
                                .replace("file: config/sample-app.yaml", "file: ../config/sample-app.yaml")
                        + "\nweixin:\n  recoveryGrace: " + settings.recoveryGrace() + "\n");
        String masterKey = SecretBox.generateKeyBase64();
        String cluster = "chaos-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            Map<String, String> env = new HashMap<>();
            env.put("SWITCHBOARD_HTTP_HOST", "127.0.0.1");
            int httpPort = freePort();
            env.put("SWITCHBOARD_HTTP_PORT", String.valueOf(httpPort));
            env.put("SWITCHBOARD_DATA_DIR", dir.resolve("node-" + i).toString());
            env.put("SWITCHBOARD_DATABASE_URL", settings.databaseUrl());
            env.put("SWITCHBOARD_DATABASE_USERNAME", settings.databaseUser());
            env.put("SWITCHBOARD_DATABASE_PASSWORD", settings.databasePassword());
            env.put("SWITCHBOARD_CLUSTER_CLUSTER_NAME", cluster);
            env.put("SWITCHBOARD_CLUSTER_MEMBERS", members);
            env.put("SWITCHBOARD_CLUSTER_PORT", String.valueOf(firstHazelcastPort + i));
            env.put("SWITCHBOARD_CLUSTER_NETWORK_INTERFACE", "127.0.0.1");
            env.put("SWITCHBOARD_CLUSTER_FAILURE_DETECTION", FAILURE_DETECTION.toString());
            env.put("SWITCHBOARD_SECURITY_MASTER_KEY", masterKey);
            env.put("SWITCHBOARD_SECURITY_JWT_SECRET", "chaos-jwt-secret-" + cluster);
            env.put("SWITCHBOARD_ADMIN_PASSWORD", "chaos-admin-password");
            env.put("SWITCHBOARD_KNOWLEDGE_INGESTION_CONCURRENCY", "1");
            // No code nodes in this traffic: without the sandbox each node is one JVM instead of three.
            env.put("SWITCHBOARD_SKILLS_CODE_ENABLED", "false");
            env.put("SWITCHBOARD_TELEGRAM_API_BASE_URL", telegram.baseUrl());
            env.put(
                    "SWITCHBOARD_TELEGRAM_RECOVERY_GRACE",
                    settings.recoveryGrace().toString());
            env.put("SWITCHBOARD_TELEGRAM_CHAT_INTERVAL", "PT0S");
            env.put("SWITCHBOARD_TELEGRAM_BOT_MESSAGES_PER_SECOND", "1000");
            nodes.add(new GatewayProcess(i, httpPort, env, config, dir.resolve("node-" + i + ".log")));
        }
        // The first node creates the schema alone; the others join its cluster.
        nodes.getFirst().start();
        nodes.getFirst().awaitReady(START);
        nodes.get(1).start();
        nodes.get(2).start();
        nodes.get(1).awaitReady(START);
        nodes.get(2).awaitReady(START);
    }

    private void setUp() {
        HttpTestClient admin = new HttpTestClient(nodes.getFirst().baseUrl()).login("admin", "chaos-admin-password");
        TestApps.publishWithModel(admin, model.baseUrl());
        apiKey = admin.send("POST", "/admin/v1/apps/" + TestApps.APP + "/keys", "{\"name\":\"chaos\"}")
                .json()
                .get("key")
                .asText();
        platform.register(account);
        HttpTestClient.Reply bound = admin.send(
                "POST",
                "/admin/v1/apps/" + TestApps.APP + "/channels",
                "{\"type\":\"wechat-mp\",\"settings\":{\"appId\":\"" + account.appId() + "\",\"appSecret\":\""
                        + account.secret() + "\",\"token\":\"" + account.token() + "\",\"encodingAesKey\":\""
                        + account.encodingAesKey()
                        + "\",\"mode\":\"safe\",\"accountType\":\"service\",\"apiBaseUrl\":\""
                        + platform.apiBaseUrl() + "\"}}");
        if (bound.status() != 201) {
            throw new IllegalStateException("WeChat binding refused: " + bound.body());
        }
        binding = bound.json().get("id").asText();
        platform.register(corp);
        HttpTestClient.Reply app = admin.send(
                "POST",
                "/admin/v1/apps/" + TestApps.APP + "/channels",
                "{\"type\":\"wecom\",\"settings\":{\"corpId\":\"" + corp.corpId() + "\",\"agentId\":" + corp.agentId()
                        + ",\"secret\":\"" + corp.secret() + "\",\"token\":\"" + corp.token()
                        + "\",\"encodingAesKey\":\"" + corp.encodingAesKey() + "\",\"apiBaseUrl\":\""
                        + platform.apiBaseUrl() + "\"}}");
        if (app.status() != 201) {
            throw new IllegalStateException("WeCom binding refused: " + app.body());
        }
        corpBinding = app.json().get("id").asText();
        HttpTestClient.Reply bot = admin.send(
                "POST",
                "/admin/v1/apps/" + TestApps.APP + "/channels",
                "{\"type\":\"telegram\",\"settings\":{\"botToken\":\"" + BOT_TOKEN + "\",\"webhookSecret\":\""
                        + WEBHOOK_SECRET + "\"}}");
        if (bot.status() != 201) {
            throw new IllegalStateException("Telegram binding refused: " + bot.body());
        }
        telegramPath = "/telegram/" + bot.json().get("id").asText();
    }

    private void telegramConversation() {
        long chat = chats.incrementAndGet();
        conversations.incrementAndGet();
        for (int turn = 1; turn <= settings.turnsPerConversation() && running.get(); turn++) {
            String text = "tg-" + chat + " turn " + turn;
            telegramSent.put(text, chat);
            sent.incrementAndGet();
            String update =
                    telegram.withId(TelegramUpdates.privateText(chat, text)).encode();
            // Telegram redelivers an update until a webhook call answers 200: here on the next node.
            String accepted = withRetries(node -> {
                int status = telegram.postToWebhook(node + telegramPath, update, WEBHOOK_SECRET);
                return status == 200 ? "ok" : null;
            });
            if (accepted == null) {
                return;
            }
            try {
                Awaitility.await()
                        .atMost(settings.recoveryGrace().multipliedBy(4).plusSeconds(20))
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> telegramAnswers(chat, text).size() > 0);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                return;
            }
            answeredTurns.incrementAndGet();
            memory("tg-" + chat, turn, telegramAnswers(chat, text).getFirst());
        }
    }

    private List<String> telegramAnswers(long chat, String text) {
        return telegram.messages(chat).stream()
                .filter(t -> t.startsWith("echo: " + text + " ("))
                .toList();
    }

    private long telegramUnanswered() {
        return telegramSent.entrySet().stream()
                .filter(e -> telegramAnswers(e.getValue(), e.getKey()).isEmpty())
                .count();
    }

    /** Waits for {@code turnsPerPhase} more answered turns. */
    private void progress(String phase) {
        long target = answeredTurns.get() + settings.turnsPerPhase();
        Awaitility.await(phase + ": " + settings.turnsPerPhase() + " more turns answered")
                .atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> answeredTurns.get() >= target);
    }

    private void loop(Runnable conversation) {
        while (running.get()) {
            conversation.run();
        }
    }

    private void webConversation() {
        String id = "web-" + UUID.randomUUID();
        conversations.incrementAndGet();
        for (int turn = 1; turn <= settings.turnsPerConversation() && running.get(); turn++) {
            String text = id + " turn " + turn;
            String body = "{\"conversationId\":\"" + id + "\",\"text\":\"" + text + "\"}";
            String answer = withRetries(node -> {
                HttpResponse<String> response = post(node + "/chat/" + TestApps.APP + "/messages", body, null);
                if (response.statusCode() != 200) {
                    return null;
                }
                for (String line : response.body().split("\n")) {
                    if (line.startsWith("data:") && line.contains("\"conversationId\"") && line.contains("\"text\"")) {
                        return JSON.readTree(line.substring(5)).get("text").asText();
                    }
                }
                return null;
            });
            if (!check(id, text, turn, answer)) {
                return;
            }
        }
    }

    private void apiConversation() {
        String id = "api-" + UUID.randomUUID();
        conversations.incrementAndGet();
        for (int turn = 1; turn <= settings.turnsPerConversation() && running.get(); turn++) {
            String text = id + " turn " + turn;
            String body = "{\"model\":\"" + TestApps.APP + "\",\"conversation_id\":\"" + id
                    + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
            String answer = withRetries(node -> {
                HttpResponse<String> response = post(node + "/v1/chat/completions", body, apiKey);
                return response.statusCode() == 200
                        ? JSON.readTree(response.body())
                                .at("/choices/0/message/content")
                                .asText()
                        : null;
            });
            if (!check(id, text, turn, answer)) {
                return;
            }
        }
    }

    /** A WeChat service-account conversation: answered passively or, after a crash, by customer service. */
    private void wechatConversation() {
        String user = "o" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        weixinConversation(
                user,
                wechatSent,
                "/wechat/" + binding,
                (urls, text) -> platform.callbacks()
                        .deliverMp(
                                account,
                                WeixinCallbacks.Mode.SAFE,
                                urls,
                                WeixinMessages.text(
                                        account.originalId(),
                                        user,
                                        WeixinCallbacks.now(),
                                        ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE),
                                        text),
                                Duration.ofSeconds(5),
                                3));
    }

    /**
     * A WeCom app conversation: the callback is acknowledged at once (its retries, on other nodes, only
     * when a node does not answer 200 in time), the answer is sent through the app-message API.
     */
    private void wecomConversation() {
        String user = "wc" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        weixinConversation(
                user,
                wecomSent,
                "/wecom/" + corpBinding,
                (urls, text) -> platform.callbacks()
                        .deliverWeCom(
                                corp,
                                urls,
                                WeixinMessages.wecomText(
                                        corp.corpId(),
                                        user,
                                        WeixinCallbacks.now(),
                                        msgIds.incrementAndGet(),
                                        corp.agentId(),
                                        text),
                                Duration.ofSeconds(5),
                                3));
    }

    /** Sends each turn's callback to 3 nodes in turn (the platform's retries) and waits for its answer. */
    private void weixinConversation(
            String user,
            Map<String, String> sentTexts,
            String path,
            java.util.function.BiConsumer<List<String>, String> deliver) {
        conversations.incrementAndGet();
        for (int turn = 1; turn <= settings.turnsPerConversation() && running.get(); turn++) {
            String text = user + " turn " + turn;
            sentTexts.put(text, user);
            sent.incrementAndGet();
            int start = nextNode.getAndIncrement();
            List<String> urls = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                urls.add(nodes.get((start + i) % 3).baseUrl() + path);
            }
            deliver.accept(urls, text);
            try {
                Awaitility.await()
                        .atMost(settings.recoveryGrace().multipliedBy(4).plusSeconds(20))
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> answers(user, text) > 0);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                return; // counted as lost at the end; the conversation's memory is then unknowable
            }
            answeredTurns.incrementAndGet();
            String answer = platform.seen(user).stream()
                    .map(s -> s.text())
                    .filter(t -> t.startsWith("echo: " + text + " ("))
                    .findFirst()
                    .orElseThrow();
            memory(user, turn, answer);
        }
    }

    private long answers(String user, String text) {
        return platform.seen(user).stream()
                .filter(s -> s.text().startsWith("echo: " + text + " ("))
                .count();
    }

    private long unanswered(Map<String, String> sentTexts) {
        return sentTexts.entrySet().stream()
                .filter(e -> answers(e.getValue(), e.getKey()) == 0)
                .count();
    }

    /** Counts a web or API turn; false when the conversation cannot go on (the turn was lost). */
    private boolean check(String conversation, String text, int turn, String answer) {
        sent.incrementAndGet();
        if (answer == null) {
            lost.incrementAndGet();
            problems.add("lost (no answer from any node): " + text);
            return false;
        }
        if (!answer.startsWith("echo: " + text + " (")) {
            // A failed turn (the user saw an apology): as good as lost.
            lost.incrementAndGet();
            problems.add("lost (answered '" + answer + "'): " + text);
            return false;
        }
        answeredTurns.incrementAndGet();
        memory(conversation, turn, answer);
        return true;
    }

    /** The model must have been sent every earlier turn: system + 2 per earlier turn + this one. */
    private void memory(String conversation, int turn, String answer) {
        Matcher count = COUNT.matcher(answer);
        if (count.find() && Integer.parseInt(count.group(1)) < 2 * turn && forgetful.add(conversation)) {
            memoryLost.incrementAndGet();
        }
    }

    @FunctionalInterface
    private interface Attempt {
        /** The answer, or null when the node answered with an error. */
        String on(String node) throws Exception;
    }

    /** Tries node after node, as a load balancer would, for up to two minutes. */
    private String withRetries(Attempt attempt) {
        long end = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        int node = nextNode.getAndIncrement();
        long backoff = 50;
        while (System.nanoTime() < end) {
            try {
                String answer = attempt.on(nodes.get(Math.floorMod(node++, 3)).baseUrl());
                if (answer != null) {
                    return answer;
                }
            } catch (Exception e) {
                // connection refused or reset: that node is down, try the next
            }
            backoff(backoff);
            backoff = Math.min(1000, backoff * 2);
        }
        return null;
    }

    private static void backoff(long millis) {
        try {
            Thread.sleep(millis); // a client's retry backoff, not a wait for a test condition
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HttpResponse<String> post(String url, String body, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private Counts counts() {
        long channelLost = 0;
        long duplicated = 0;
        long[] wechat = tally("WeChat", wechatSent);
        long[] wecom = tally("WeCom", wecomSent);
        channelLost += wechat[0] + wecom[0];
        duplicated += wechat[1] + wecom[1];
        for (Map.Entry<String, Long> message : telegramSent.entrySet()) {
            int n = telegramAnswers(message.getValue(), message.getKey()).size();
            if (n == 0) {
                channelLost++;
                problems.add("lost Telegram update: " + message.getKey());
            } else if (n > 1) {
                duplicated += n - 1;
                problems.add("Telegram update answered " + n + " times: " + message.getKey());
            }
        }
        long allLost = lost.get() + channelLost;
        return new Counts(sent.get(), sent.get() - allLost, allLost, duplicated, memoryLost.get(), conversations.get());
    }

    /** {lost, duplicated} among one Weixin channel's messages, each named in {@link #problems}. */
    private long[] tally(String channel, Map<String, String> sentTexts) {
        long[] lostAndDuplicated = new long[2];
        for (Map.Entry<String, String> message : sentTexts.entrySet()) {
            long n = answers(message.getValue(), message.getKey());
            if (n == 0) {
                lostAndDuplicated[0]++;
                problems.add("lost " + channel + " message: " + message.getKey());
            } else if (n > 1) {
                lostAndDuplicated[1] += n - 1;
                problems.add(channel + " message answered " + n + " times: " + message.getKey());
            }
        }
        return lostAndDuplicated;
    }

    private void close() {
        running.set(false);
        for (GatewayProcess node : nodes) {
            try {
                node.kill();
            } catch (RuntimeException e) {
                // already gone
            }
        }
        platform.close();
        telegram.close();
        model.close();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** {@code ChaosRun <workers> <turns per conversation> <turns per phase> <database url> <user> <password>} */
    public static void main(String[] args) throws Exception {
        Settings settings = new Settings(
                Integer.parseInt(args[0]),
                Integer.parseInt(args[1]),
                Integer.parseInt(args[2]),
                3,
                RECOVERY_GRACE,
                args[3],
                args[4],
                args[5]);
        Path dir = Files.createTempDirectory("chaos");
        long started = System.nanoTime();
        Counts counts = run(settings, dir, line -> System.out.println("chaos: " + line));
        System.out.println("chaos: " + counts + " in " + (System.nanoTime() - started) / 1_000_000_000 + " s (logs in "
                + dir + ")");
        System.exit(counts.lost() == 0 && counts.duplicated() == 0 && counts.memoryLost() == 0 ? 0 : 1);
    }
}
