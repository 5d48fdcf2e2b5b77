package io.switchboard.runtime.app;

/** A curated question and its answer (an "annotation"): answered directly when a message matches. */
public record QaPair(String question, String answer) {
    public static final int MAX_QUESTION_LENGTH = 2000;
    public static final int MAX_ANSWER_LENGTH = 20_000;

    public QaPair {
        if (question == null || question.isBlank()) {
            throw new IllegalArgumentException("qaPairs[].question must not be blank");
        }
        if (answer == null || answer.isBlank()) {
            throw new IllegalArgumentException("qaPairs[].answer must not be blank");
        }
        if (question.codePointCount(0, question.length()) > MAX_QUESTION_LENGTH) {
            throw new IllegalArgumentException(
                    "qaPairs[].question must be at most " + MAX_QUESTION_LENGTH + " characters");
        }
        if (answer.codePointCount(0, answer.length()) > MAX_ANSWER_LENGTH) {
            throw new IllegalArgumentException("qaPairs[].answer must be at most " + MAX_ANSWER_LENGTH + " characters");
        }
    }
}
