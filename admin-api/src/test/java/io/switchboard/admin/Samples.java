package io.switchboard.admin;

/** Valid request bodies the tests start from. */
final class Samples {
    static final String PROVIDER_KEY = "sk-test-0123456789abcdefWXYZ";

    private Samples() {}

    static String provider(String id) {
        return """
                {"id":"%s","name":"Local model","kind":"OPENAI_COMPATIBLE","baseUrl":"http://127.0.0.1:9/v1",\
                "apiKey":"%s","timeoutMs":30000,"maxRetries":1}""".formatted(id, PROVIDER_KEY);
    }

    static String config(String name, String providerId) {
        String model = providerId == null ? "null" : """
                {"providerId":"%s","modelName":"gpt-4o-mini","temperature":0.3,"maxTokens":512}""".formatted(providerId);
        return """
                {"name":"%s","systemPrompt":"You help {{user}}.","variables":{"user":"guest"},"model":%s,\
                "openingStatement":"Hi!","suggestedQuestions":["What can you do?"],\
                "memory":{"lastMessages":6,"tokenBudget":1500},"replyLanguage":"en",\
                "qaPairs":[{"question":"Opening hours?","answer":"9 to 5."}],"qaThreshold":0.85,\
                "fallbackText":"No idea."}""".formatted(name, model);
    }

    static String app(String id, String name, String providerId) {
        return "{\"id\":\"" + id + "\",\"config\":" + config(name, providerId) + "}";
    }
}
