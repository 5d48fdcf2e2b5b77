package io.switchboard.runtime.turn;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.runtime.app.AppConfig;
import io.switchboard.runtime.app.ModerationSettings;
import io.switchboard.runtime.app.ModerationSettings.InputAction;
import io.switchboard.runtime.app.ModerationSettings.OutputAction;
import io.switchboard.runtime.app.SkillSettings;
import io.switchboard.runtime.moderation.Moderation;
import io.switchboard.runtime.moderation.ModerationHit;
import io.switchboard.runtime.moderation.ModerationHit.Direction;
import io.switchboard.runtime.net.NetPolicy;
import io.switchboard.testkit.FakeOpenAiServer;
import io.switchboard.testkit.ModelBehaviour;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Moderation in the turn pipeline: real store (H2), real model client, the fake model. */
class ModerationTurnTest {
    private RuntimeFixture fixture;
    private FakeOpenAiServer model;
    private StandardAgentRuntime runtime;
    private final List<ModerationHit> announced = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        fixture = new RuntimeFixture();
        model = FakeOpenAiServer.create().start();
        fixture.app("bot", model.baseUrl(), SkillSettings.NONE);
        fixture.database.keywordLists().create("shared-politics", null, "Shared");
        fixture.database.keywordLists().addWords("shared-politics", List.of("法轮功"));
        fixture.database.keywordLists().create("bot-own", "bot", "Own");
        fixture.database.keywordLists().addWords("bot-own", List.of("badword"));
        Moderation moderation = Moderation.builder()
                .lists(fixture.database.keywordLists())
                .hits(fixture.database.moderationHits())
                .providers(fixture.catalog::provider)
                // No allowlist: an OpenAI-compatible provider's own base URL (loopback here) is reached anyway.
                .net(NetPolicy.DEFAULT)
                .build();
        moderation.onHit(announced::add);
        runtime =
                fixture.runtime().moderation(moderation).speech(fixture.models).build();
    }

    @AfterEach
    void stop() {
        model.close();
        fixture.close();
    }

    @Test
    void should_block_a_message_with_a_keyword_and_never_call_the_model() {
        moderate(new ModerationSettings(null, null, List.of("shared-politics"), null, null));

        TurnResult result = runtime.run(request("我想了解法 輪 功"), null);

        assertThat(result.status()).isEqualTo(TurnStatus.MODERATED);
        assertThat(result.text()).isEqualTo("抱歉，这个话题我无法回答，我们聊点别的吧。");
        assertThat(model.requests()).isEmpty();
        assertThat(fixture.database.moderationHits().list("bot", null, null, 10))
                .singleElement()
                .satisfies(hit -> {
                    assertThat(hit.direction()).isEqualTo(Direction.INPUT);
                    assertThat(hit.source()).isEqualTo("shared-politics");
                    assertThat(hit.word()).isEqualTo("法轮功");
                    assertThat(hit.channel()).isEqualTo("web");
                    assertThat(hit.turnId()).isEqualTo(result.turnId());
                });
        assertThat(announced).hasSize(1);
    }

    @Test
    void should_ignore_a_shared_list_the_app_does_not_name() {
        moderate(new ModerationSettings(null, null, List.of(), null, null));
        model.enqueue(ModelBehaviour.reply("fine"));

        TurnResult result = runtime.run(request("法轮功?"), null);

        assertThat(result.status()).isEqualTo(TurnStatus.OK);
        assertThat(result.text()).isEqualTo("fine");
    }

    @Test
    void should_mask_the_message_before_the_model_reads_it_when_asked_to() {
        moderate(new ModerationSettings(InputAction.MASK, null, List.of(), null, null));

        TurnResult result = runtime.run(request("say B-A-D-W-O-R-D please"), null);

        assertThat(result.text()).isEqualTo("echo: say *** please (2 messages)");
        assertThat(model.requests().get(0).body().encode()).doesNotContain("B-A-D");
    }

    @Test
    void should_mask_a_streamed_answer_whose_keyword_spans_chunks_and_scripts() {
        moderate(new ModerationSettings(null, OutputAction.MASK, List.of("shared-politics"), null, null));
        // The fake model streams a chunk per CJK character and per word.
        model.enqueue(ModelBehaviour.reply("Look up 法輪功 or ｂａｄ ｗｏｒｄ today"));
        List<String> chunks = new CopyOnWriteArrayList<>();

        TurnResult result = runtime.run(request("tell me"), chunks::add);

        assertThat(String.join("", chunks)).isEqualTo("Look up *** or *** today");
        assertThat(chunks).noneMatch(chunk -> chunk.contains("輪") || chunk.contains("ｗ"));
        assertThat(result.text()).isEqualTo("Look up *** or *** today");
        assertThat(fixture.logs)
                .singleElement()
                .satisfies(log -> assertThat(log.answer()).doesNotContain("輪"));
        assertThat(fixture.database.moderationHits().list("bot", Direction.OUTPUT, null, 10))
                .extracting(ModerationHit::word)
                .containsExactlyInAnyOrder("法轮功", "badword");
    }

    @Test
    void should_replace_the_answer_with_the_preset_reply_and_never_stream_the_word() {
        moderate(new ModerationSettings(null, OutputAction.REPLACE, List.of(), "Let's keep it clean.", null));
        model.enqueue(ModelBehaviour.reply("A long clean opening sentence comes first, then bad word and more"));
        List<String> chunks = new CopyOnWriteArrayList<>();

        TurnResult result = runtime.run(request("hello"), chunks::add);

        assertThat(result.text()).isEqualTo("Let's keep it clean.");
        assertThat(result.status()).isEqualTo(TurnStatus.MODERATED);
        assertThat(result.finishReason()).isEqualTo("content_filter");
        assertThat(String.join("", chunks)).startsWith("A long clean opening").doesNotContain("bad");
    }

    @Test
    void should_block_what_the_provider_flags_and_hold_a_checked_answer_until_it_passed() {
        model.flagModeration("insult");
        moderate(new ModerationSettings(
                InputAction.OFF,
                OutputAction.OFF,
                List.of(),
                null,
                new ModerationSettings.ProviderCheck("fake", null, true, true)));

        TurnResult blocked = runtime.run(request("an insult"), null);
        model.enqueue(ModelBehaviour.reply("you get an insult back"));
        List<String> chunks = new CopyOnWriteArrayList<>();
        TurnResult replaced = runtime.run(request("hi"), chunks::add);
        model.enqueue(ModelBehaviour.reply("a kind answer"));
        List<String> passed = new CopyOnWriteArrayList<>();
        TurnResult clean = runtime.run(request("hi"), passed::add);

        assertThat(blocked.status()).isEqualTo(TurnStatus.MODERATED);
        assertThat(replaced.status()).isEqualTo(TurnStatus.MODERATED);
        assertThat(String.join("", chunks)).isEqualTo(replaced.text()).doesNotContain("insult");
        assertThat(clean.text()).isEqualTo("a kind answer");
        assertThat(String.join("", passed)).isEqualTo("a kind answer");
        assertThat(fixture.database.moderationHits().list("bot", null, null, 10))
                .extracting(ModerationHit::source, ModerationHit::word)
                .containsOnly(org.assertj.core.groups.Tuple.tuple(ModerationHit.PROVIDER, "harassment"));
        assertThat(model.requests().stream().filter(r -> r.path().endsWith("/moderations")))
                .hasSize(5);
    }

    @Test
    void should_check_what_a_voice_note_said_once_it_is_transcribed() {
        model.transcript("tell me about the badword");
        moderate(new ModerationSettings(null, null, List.of(), null, null));
        AppConfig draft = fixture.database.apps().find("bot").orElseThrow().draft();
        fixture.database.apps().updateDraft("bot", withSpeech(draft));
        AgentRequest voice = new AgentRequest(
                "bot",
                true,
                "telegram",
                "c-voice",
                "u1",
                "",
                Map.of(),
                List.of(new io.switchboard.runtime.turn.Attachment(
                        io.switchboard.runtime.turn.Attachment.Kind.AUDIO, "audio/ogg", new byte[] {1, 2, 3})),
                null);

        TurnResult result = runtime.run(voice, null);

        assertThat(result.status()).isEqualTo(TurnStatus.MODERATED);
        assertThat(model.requests().stream().filter(r -> r.path().endsWith("/chat/completions")))
                .isEmpty();
        assertThat(fixture.database.moderationHits().list("bot", Direction.INPUT, null, 10))
                .extracting(ModerationHit::word)
                .containsExactly("badword");
    }

    private static AppConfig withSpeech(AppConfig c) {
        return new AppConfig(
                c.name(),
                c.systemPrompt(),
                c.variables(),
                c.model(),
                c.openingStatement(),
                c.suggestedQuestions(),
                c.memory(),
                c.replyLanguage(),
                c.qaPairs(),
                c.qaThreshold(),
                c.fallbackText(),
                c.skills(),
                new io.switchboard.runtime.app.SpeechSettings("fake", "whisper-1"),
                c.knowledge(),
                c.followUps(),
                c.icon(),
                c.description(),
                c.api(),
                c.moderation());
    }

    private void moderate(ModerationSettings settings) {
        AppConfig draft = fixture.database.apps().find("bot").orElseThrow().draft();
        fixture.database.apps().updateDraft("bot", withModeration(draft, settings));
    }

    private static AppConfig withModeration(AppConfig c, ModerationSettings settings) {
        return new AppConfig(
                c.name(),
                c.systemPrompt(),
                c.variables(),
                c.model(),
                c.openingStatement(),
                c.suggestedQuestions(),
                c.memory(),
                c.replyLanguage(),
                c.qaPairs(),
                c.qaThreshold(),
                c.fallbackText(),
                c.skills(),
                c.speech(),
                c.knowledge(),
                c.followUps(),
                c.icon(),
                c.description(),
                c.api(),
                settings);
    }

    private static AgentRequest request(String text) {
        return new AgentRequest("bot", true, "web", "c-" + text.hashCode(), "u1", text, Map.of(), List.of(), null);
    }
}
