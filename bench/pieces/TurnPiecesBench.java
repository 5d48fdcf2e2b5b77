import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;
import java.lang.management.ManagementFactory;

/**
 * A piece of a developer-API turn measured alone, CPU per operation (bench/turn-pieces.sh):
 * json - the request body read and the answer written by Vert.x's Json (jackson-databind) and by its
 *        streaming JacksonCodec, alternating in one JVM.
 */
public class TurnPiecesBench {
    public static void main(String[] args) throws Exception {
        String what = args.length > 0 ? args[0] : "json";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        if (!what.equals("json")) {
            throw new IllegalArgumentException("unknown piece " + what + " (json)");
        }
        json(rounds);
    }

    static void json(int rounds) {
        Buffer request = Buffer.buffer("{\"model\":\"bench\",\"conversation_id\":\"c123\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"question 4711 about our order\"}]}");
        JsonObject answer = new JsonObject()
                .put("id", "chatcmpl-0123456789abcdef0123456789abcdef")
                .put("object", "chat.completion")
                .put("created", 1_765_000_000L)
                .put("model", "bench")
                .put("choices", new JsonArray().add(new JsonObject()
                        .put("index", 0)
                        .put("message", new JsonObject().put("role", "assistant").put("content", "It ships today."))
                        .put("finish_reason", "stop")))
                .put("usage", new JsonObject().put("prompt_tokens", 21).put("completion_tokens", 5).put("total_tokens", 26));
        JacksonCodec codec = new JacksonCodec();
        int n = 200_000;
        for (int round = 0; round <= rounds; round++) {
            long t0 = cpu();
            long sink = 0;
            for (int i = 0; i < n; i++) {
                sink += ((JsonObject) Json.decodeValue(request)).size() + answer.encode().length();
            }
            long t1 = cpu();
            for (int i = 0; i < n; i++) {
                sink += ((JsonObject) codec.fromBuffer(request)).size() + codec.toString(answer, false).length();
            }
            long t2 = cpu();
            System.out.printf("json round %d%s: databind %.2f us, streaming %.2f us per request+answer (%d)%n",
                    round, round == 0 ? " (warm-up)" : "", (t1 - t0) / 1e3 / n, (t2 - t1) / 1e3 / n, sink % 10);
        }
    }

    private static long cpu() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }
}
