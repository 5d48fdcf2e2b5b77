package io.switchboard.runtime.app;

import io.switchboard.runtime.knowledge.KnowledgeLink;
import io.switchboard.runtime.model.ModelSettings;
import java.util.List;
import java.util.Map;

/**
 * Everything an admin configures about an app; one immutable value per draft or published version.
 *
 * @param name display name
 * @param systemPrompt system prompt; {@code {{name}}} placeholders are filled from {@code variables} and
 *     the caller's variables
 * @param variables default values of the prompt variables
 * @param model the model, or null for the offline answer mode (Q&A pairs only)
 * @param openingStatement shown before the first message; may be empty
 * @param suggestedQuestions at most three questions offered to a new user
 * @param memory short-term memory settings
 * @param replyLanguage BCP-47 tag of the language the answer must be in (e.g. {@code zh-CN}), or null to
 *     follow the user; the model is told, and fixed replies (fallback, errors) follow it
 * @param qaPairs curated answers, matched semantically before the model is asked
 * @param qaThreshold cosine similarity in [0, 1] above which a Q&A pair answers
 * @param fallbackText the answer when no model is configured and no Q&A pair matches; the default one
 *     is sent in the reply language (see {@link #DEFAULT_FALLBACK})
 * @param skills tools, workflows and chat flow; never null
 * @param speech the speech-to-text model for voice notes, or null when voice notes get the channel's
 *     configured reply
 * @param knowledge the knowledge bases searched before every turn, or null for none
 * @param followUps follow-up suggestions after each answer, or null for none (the default)
 * @param icon shown beside the name in the console and the web chat: an emoji or a few characters, or
 *     null for none
 * @param description what the app is for, shown in the apps list; may be empty
 * @param api how the developer API treats a client's system message, tools and parameters; never null
 * @param moderation keyword lists and provider checks on the user's message and the answer, or null for
 *     none (the default)
 * @param fallbacks models tried in order when {@code model} fails (5xx, timeout, refused connection,
 *     rate limit or rejected key on every key, open circuit breaker); at most {@link #MAX_FALLBACKS},
 *     none repeating the model or another fallback; empty (the default) for none. A streamed answer
 *     switches only before its first token reached the user.
 */
public record AppConfig(
        String name,
        String systemPrompt,
        Map<String, String> variables,
        ModelSettings model,
        String openingStatement,
        List<String> suggestedQuestions,
        MemorySettings memory,
        String replyLanguage,
        List<QaPair> qaPairs,
        double qaThreshold,
        String fallbackText,
        SkillSettings skills,
        SpeechSettings speech,
        KnowledgeLink knowledge,
        FollowUpSettings followUps,
        String icon,
        String description,
        ApiSettings api,
        ModerationSettings moderation,
        List<ModelSettings> fallbacks) {

    public static final double DEFAULT_QA_THRESHOLD = 0.80;
    public static final int MAX_FALLBACKS = 5;
    /** An emoji with modifiers and joiners (e.g. a family or a flag) fits. */
    public static final int MAX_ICON_CODE_POINTS = 16;

    public static final int MAX_DESCRIPTION_LENGTH = 2000;
    /** Served to every visitor of the web chat before the first message. */
    public static final int MAX_OPENING_STATEMENT_LENGTH = 4000;

    public static final int MAX_QUESTION_LENGTH = 500;
    public static final int MAX_FALLBACK_LENGTH = 4000;
    public static final int MAX_VARIABLES = 100;
    public static final int MAX_VARIABLE_NAME_LENGTH = 64;
    public static final int MAX_VARIABLE_VALUE_LENGTH = 10_000;
    /** The fallback an app gets when it sets none; sent in the app's or the user's language. */
    public static final String DEFAULT_FALLBACK = "Sorry, I don't know the answer to that yet. 抱歉，这个问题我暂时无法回答。";

    public AppConfig {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        if (name.codePointCount(0, name.length()) > 100) {
            throw new IllegalArgumentException("name must be at most 100 characters");
        }
        systemPrompt = systemPrompt == null ? "" : systemPrompt;
        if (systemPrompt.codePointCount(0, systemPrompt.length()) > 100_000) {
            throw new IllegalArgumentException("systemPrompt must be at most 100000 characters");
        }
        variables = variables == null ? Map.of() : Map.copyOf(variables);
        if (variables.size() > MAX_VARIABLES) {
            throw new IllegalArgumentException("variables may hold at most " + MAX_VARIABLES + " entries");
        }
        variables.forEach((key, value) -> {
            if (key.codePointCount(0, key.length()) > MAX_VARIABLE_NAME_LENGTH) {
                throw new IllegalArgumentException(
                        "variables names must be at most " + MAX_VARIABLE_NAME_LENGTH + " characters");
            }
            if (value != null && value.codePointCount(0, value.length()) > MAX_VARIABLE_VALUE_LENGTH) {
                throw new IllegalArgumentException(
                        "variables." + key + " must be at most " + MAX_VARIABLE_VALUE_LENGTH + " characters");
            }
        });
        openingStatement = openingStatement == null ? "" : openingStatement;
        if (openingStatement.codePointCount(0, openingStatement.length()) > MAX_OPENING_STATEMENT_LENGTH) {
            throw new IllegalArgumentException(
                    "openingStatement must be at most " + MAX_OPENING_STATEMENT_LENGTH + " characters");
        }
        suggestedQuestions = suggestedQuestions == null ? List.of() : List.copyOf(suggestedQuestions);
        if (suggestedQuestions.size() > 3) {
            throw new IllegalArgumentException("suggestedQuestions may hold at most 3 questions");
        }
        if (suggestedQuestions.stream().anyMatch(q -> q == null || q.isBlank())) {
            throw new IllegalArgumentException("suggestedQuestions must not contain blank questions");
        }
        if (suggestedQuestions.stream().anyMatch(q -> q.codePointCount(0, q.length()) > MAX_QUESTION_LENGTH)) {
            throw new IllegalArgumentException(
                    "suggestedQuestions[] must each be at most " + MAX_QUESTION_LENGTH + " characters");
        }
        memory = memory == null ? MemorySettings.DEFAULT : memory;
        replyLanguage = ReplyLanguage.canonical(replyLanguage);
        qaPairs = qaPairs == null ? List.of() : List.copyOf(qaPairs);
        if (qaPairs.size() > 5000) {
            throw new IllegalArgumentException("qaPairs may hold at most 5000 pairs");
        }
        if (qaThreshold == 0) {
            qaThreshold = DEFAULT_QA_THRESHOLD;
        }
        if (qaThreshold < 0 || qaThreshold > 1) {
            throw new IllegalArgumentException("qaThreshold must be between 0 and 1");
        }
        fallbackText = fallbackText == null || fallbackText.isBlank() ? DEFAULT_FALLBACK : fallbackText;
        if (fallbackText.codePointCount(0, fallbackText.length()) > MAX_FALLBACK_LENGTH) {
            throw new IllegalArgumentException("fallbackText must be at most " + MAX_FALLBACK_LENGTH + " characters");
        }
        skills = skills == null ? SkillSettings.NONE : skills;
        icon = icon == null || icon.isBlank() ? null : icon.strip();
        if (icon != null
                && (icon.codePointCount(0, icon.length()) > MAX_ICON_CODE_POINTS
                        || icon.chars().anyMatch(Character::isISOControl))) {
            throw new IllegalArgumentException(
                    "icon must be an emoji or at most " + MAX_ICON_CODE_POINTS + " characters on one line");
        }
        description = description == null ? "" : description.strip();
        if (description.codePointCount(0, description.length()) > MAX_DESCRIPTION_LENGTH) {
            throw new IllegalArgumentException("description must be at most " + MAX_DESCRIPTION_LENGTH + " characters");
        }
        api = api == null ? ApiSettings.DEFAULT : api;
        fallbacks = fallbacks == null ? List.of() : List.copyOf(fallbacks);
        if (!fallbacks.isEmpty() && model == null) {
            throw new IllegalArgumentException("fallbacks need a model: set model first (or clear fallbacks)");
        }
        if (fallbacks.size() > MAX_FALLBACKS) {
            throw new IllegalArgumentException("fallbacks may hold at most " + MAX_FALLBACKS + " models");
        }
        for (int i = 0; i < fallbacks.size(); i++) {
            ModelSettings fallback = fallbacks.get(i);
            if (fallback == null) {
                throw new IllegalArgumentException("fallbacks[" + i + "] must be a model (providerId, modelName)");
            }
            if (sameModel(fallback, model)) {
                throw new IllegalArgumentException("fallbacks[" + i + "] repeats model ('" + fallback.providerId() + "/"
                        + fallback.modelName() + "'); a fallback must be another model");
            }
            for (int j = 0; j < i; j++) {
                if (sameModel(fallback, fallbacks.get(j))) {
                    throw new IllegalArgumentException("fallbacks[" + i + "] repeats fallbacks[" + j + "]");
                }
            }
        }
    }

    /** Without fallbacks (the shape before provider failover). */
    public AppConfig(
            String name,
            String systemPrompt,
            Map<String, String> variables,
            ModelSettings model,
            String openingStatement,
            List<String> suggestedQuestions,
            MemorySettings memory,
            String replyLanguage,
            List<QaPair> qaPairs,
            double qaThreshold,
            String fallbackText,
            SkillSettings skills,
            SpeechSettings speech,
            KnowledgeLink knowledge,
            FollowUpSettings followUps,
            String icon,
            String description,
            ApiSettings api,
            ModerationSettings moderation) {
        this(
                name,
                systemPrompt,
                variables,
                model,
                openingStatement,
                suggestedQuestions,
                memory,
                replyLanguage,
                qaPairs,
                qaThreshold,
                fallbackText,
                skills,
                speech,
                knowledge,
                followUps,
                icon,
                description,
                api,
                moderation,
                List.of());
    }

    private static boolean sameModel(ModelSettings a, ModelSettings b) {
        return b != null
                && a.providerId().equals(b.providerId())
                && a.modelName().equals(b.modelName());
    }

    /** Without moderation (the shape before content moderation). */
    public AppConfig(
            String name,
            String systemPrompt,
            Map<String, String> variables,
            ModelSettings model,
            String openingStatement,
            List<String> suggestedQuestions,
            MemorySettings memory,
            String replyLanguage,
            List<QaPair> qaPairs,
            double qaThreshold,
            String fallbackText,
            SkillSettings skills,
            SpeechSettings speech,
            KnowledgeLink knowledge,
            FollowUpSettings followUps,
            String icon,
            String description,
            ApiSettings api) {
        this(
                name,
                systemPrompt,
                variables,
                model,
                openingStatement,
                suggestedQuestions,
                memory,
                replyLanguage,
                qaPairs,
                qaThreshold,
                fallbackText,
                skills,
                speech,
                knowledge,
                followUps,
                icon,
                description,
                api,
                null);
    }

    /** Without follow-ups, icon, description and developer-API settings (the defaults apply). */
    public AppConfig(
            String name,
            String systemPrompt,
            Map<String, String> variables,
            ModelSettings model,
            String openingStatement,
            List<String> suggestedQuestions,
            MemorySettings memory,
            String replyLanguage,
            List<QaPair> qaPairs,
            double qaThreshold,
            String fallbackText,
            SkillSettings skills,
            SpeechSettings speech,
            KnowledgeLink knowledge) {
        this(
                name,
                systemPrompt,
                variables,
                model,
                openingStatement,
                suggestedQuestions,
                memory,
                replyLanguage,
                qaPairs,
                qaThreshold,
                fallbackText,
                skills,
                speech,
                knowledge,
                null,
                null,
                null,
                null);
    }

    /** Without developer-API settings (the defaults apply). */
    public AppConfig(
            String name,
            String systemPrompt,
            Map<String, String> variables,
            ModelSettings model,
            String openingStatement,
            List<String> suggestedQuestions,
            MemorySettings memory,
            String replyLanguage,
            List<QaPair> qaPairs,
            double qaThreshold,
            String fallbackText,
            SkillSettings skills,
            SpeechSettings speech,
            KnowledgeLink knowledge,
            FollowUpSettings followUps,
            String icon,
            String description) {
        this(
                name,
                systemPrompt,
                variables,
                model,
                openingStatement,
                suggestedQuestions,
                memory,
                replyLanguage,
                qaPairs,
                qaThreshold,
                fallbackText,
                skills,
                speech,
                knowledge,
                followUps,
                icon,
                description,
                null);
    }

    /** This configuration with {@code link} as its knowledge (null: none). */
    public AppConfig withKnowledge(KnowledgeLink link) {
        return new AppConfig(
                name,
                systemPrompt,
                variables,
                model,
                openingStatement,
                suggestedQuestions,
                memory,
                replyLanguage,
                qaPairs,
                qaThreshold,
                fallbackText,
                skills,
                speech,
                link,
                followUps,
                icon,
                description,
                api,
                moderation,
                fallbacks);
    }

    /** True when the app's model accepts images. */
    public boolean acceptsImages() {
        return model != null && model.vision();
    }

    /** True when voice notes are transcribed and answered like text. */
    public boolean acceptsVoice() {
        return speech != null;
    }

    /** True when the app has no model and answers from its Q&A pairs only. */
    public boolean offline() {
        return model == null;
    }
}
