package io.switchboard.runtime.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.runtime.security.SecretBox;
import io.switchboard.runtime.store.Database;
import io.switchboard.runtime.store.DatabaseConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TurnRecorderTest {
    @TempDir
    Path directory;

    private Database open() {
        return Database.open(
                new DatabaseConfig("jdbc:h2:file:" + directory.resolve("db"), "sa", null, 4),
                SecretBox.fromBase64(SecretBox.generateKeyBase64()));
    }

    private static TurnLog turn(int i) {
        return new TurnLog(
                "t" + i,
                "app",
                1,
                "api",
                "c" + (i % 7),
                "u",
                "q" + i,
                "a" + i,
                TurnStatus.OK,
                null,
                1,
                1,
                1,
                1,
                Instant.now(),
                List.of(),
                null,
                null);
    }

    @Test
    void should_write_every_recorded_turn_in_batches() throws Exception {
        try (Database database = open();
                TurnRecorder recorder = TurnRecorder.start(database.turnLogs(), 10_000)) {
            IntStream.range(0, 4_500).forEach(i -> recorder.turnFinished(turn(i)));

            await().atMost(Duration.ofSeconds(20))
                    .until(() -> database.turnLogs().count("app", null) == 4_500);
            assertThat(database.turnLogs().count("app", "c3")).isEqualTo(643);
            assertThat(recorder.dropped()).isZero();
        }
    }

    @Test
    void should_write_what_is_queued_when_closed() throws Exception {
        try (Database database = open()) {
            TurnRecorder recorder = TurnRecorder.start(database.turnLogs(), 10_000);
            IntStream.range(0, 10).forEach(i -> recorder.turnFinished(turn(i)));
            recorder.close();

            assertThat(database.turnLogs().count("app", null)).isEqualTo(10);
        }
    }
}
