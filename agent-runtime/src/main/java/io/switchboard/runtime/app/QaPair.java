package io.switchboard.runtime.app;

/** A curated question and its answer (an "annotation"): answered directly when a message matches. */
public record QaPair(String question, String answer) {
    public QaPair {
        if (question == null || question.isBlank()) {
            throw new IllegalArgumentException("qaPairs[].question must not be blank");
        }
        if (answer == null || answer.isBlank()) {
            throw new IllegalArgumentException("qaPairs[].answer must not be blank");
        }
    }
}
