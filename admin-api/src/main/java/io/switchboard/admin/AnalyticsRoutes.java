package io.switchboard.admin;

import io.switchboard.runtime.app.AppStore;
import io.switchboard.runtime.turn.TurnLog;
import io.switchboard.runtime.turn.TurnLogStore;
import io.switchboard.runtime.turn.TurnStatus;
import io.switchboard.threads.VirtualThreads;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Usage of one app for the console's charts: turns, distinct users, tokens, latency p50/p99 and errors
 * per day and per channel over the last {@code days} days, computed from the conversation log. At most
 * {@value #MAX_TURNS} turns are read (newest first); {@code truncated} says when there were more.
 */
final class AnalyticsRoutes {
    static final int MAX_TURNS = 50_000;
    private static final int PAGE = 500;
    private static final int MAX_DAYS = 90;

    record Stats(
            String key,
            long turns,
            long users,
            long inputTokens,
            long outputTokens,
            long latencyP50Ms,
            long latencyP99Ms,
            long errors,
            Map<String, Long> turnsByChannel) {}

    record Analytics(
            String appId,
            int days,
            String timeZone,
            boolean truncated,
            Stats total,
            List<Stats> perDay,
            List<Stats> perChannel) {}

    private final AppStore apps;
    private final TurnLogStore logs;
    private final VirtualThreads blocking;
    private final JsonCodec json;
    private final Clock clock;

    AnalyticsRoutes(AdminBackend backend, VirtualThreads blocking, JsonCodec json, Clock clock) {
        this.apps = backend.apps();
        this.logs = backend.turnLogs();
        this.blocking = blocking;
        this.json = json;
        this.clock = clock;
    }

    void mount(Router router) {
        router.get("/apps/:id/analytics").handler(this::analytics);
    }

    private void analytics(RoutingContext ctx) {
        String appId = ctx.pathParam("id");
        Responses.allowQuery(ctx, "days", "timeZone");
        int days = Responses.intParam(ctx, "days", 7, 1, MAX_DAYS);
        String zoneName = ctx.queryParams().get("timeZone");
        ZoneId zone;
        try {
            zone = zoneName == null || zoneName.isBlank() ? ZoneId.of("UTC") : ZoneId.of(zoneName);
        } catch (DateTimeException e) {
            throw ApiException.badRequest(
                    "timeZone must be an IANA time zone such as Asia/Shanghai, got '" + zoneName + "'");
        }
        ZoneId tz = zone;
        blocking.call(() -> {
                    if (apps.find(appId).isEmpty()) {
                        throw ApiException.notFound("app '" + appId + "' does not exist");
                    }
                    return compute(appId, days, tz);
                })
                .onSuccess(result -> Responses.json(ctx, 200, result, json))
                .onFailure(ctx::fail);
    }

    Analytics compute(String appId, int days, ZoneId zone) {
        LocalDate today = LocalDate.now(clock.withZone(zone));
        LocalDate first = today.minusDays(days - 1L);
        Instant since = first.atStartOfDay(zone).toInstant();
        List<TurnLog> turns = new ArrayList<>();
        boolean truncated = false;
        for (int offset = 0; ; offset += PAGE) {
            List<TurnLog> page = logs.list(appId, null, offset, PAGE);
            boolean older = false;
            for (TurnLog turn : page) {
                if (turn.createdAt().isBefore(since)) {
                    older = true;
                    break;
                }
                if (turns.size() == MAX_TURNS) {
                    truncated = true;
                    break;
                }
                turns.add(turn);
            }
            if (older || truncated || page.size() < PAGE) {
                break;
            }
        }
        Map<String, List<TurnLog>> byDay = new TreeMap<>();
        for (LocalDate day = first; !day.isAfter(today); day = day.plusDays(1)) {
            byDay.put(day.toString(), new ArrayList<>());
        }
        Map<String, List<TurnLog>> byChannel = new TreeMap<>();
        for (TurnLog turn : turns) {
            String day = LocalDate.ofInstant(turn.createdAt(), zone).toString();
            byDay.computeIfAbsent(day, d -> new ArrayList<>()).add(turn);
            byChannel.computeIfAbsent(turn.channel(), c -> new ArrayList<>()).add(turn);
        }
        return new Analytics(
                appId,
                days,
                zone.getId(),
                truncated,
                stats("total", turns),
                byDay.entrySet().stream()
                        .map(e -> stats(e.getKey(), e.getValue()))
                        .toList(),
                byChannel.entrySet().stream()
                        .map(e -> stats(e.getKey(), e.getValue()))
                        .toList());
    }

    private static Stats stats(String key, List<TurnLog> turns) {
        Set<String> users = new HashSet<>();
        long input = 0;
        long output = 0;
        long errors = 0;
        long[] latencies = new long[turns.size()];
        Map<String, Long> channels = new TreeMap<>();
        for (int i = 0; i < turns.size(); i++) {
            TurnLog turn = turns.get(i);
            // A conversation stands in for a user on channels that do not name one (the web chat).
            users.add(
                    turn.userId() != null
                            ? turn.channel() + ":" + turn.userId()
                            : "conversation:" + turn.conversationId());
            input += turn.inputTokens();
            output += turn.outputTokens();
            if (turn.status() == TurnStatus.ERROR || turn.error() != null) {
                errors++;
            }
            latencies[i] = turn.latencyMs();
            channels.merge(turn.channel(), 1L, Long::sum);
        }
        java.util.Arrays.sort(latencies);
        return new Stats(
                key,
                turns.size(),
                users.size(),
                input,
                output,
                percentile(latencies, 50),
                percentile(latencies, 99),
                errors,
                channels);
    }

    /** Nearest-rank percentile of sorted values; 0 when there are none. */
    static long percentile(long[] sorted, int percent) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
