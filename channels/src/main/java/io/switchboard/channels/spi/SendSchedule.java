package io.switchboard.channels.spi;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The booking rule behind {@link SharedState#book}, in one place so that every implementation (the
 * cluster's, the tests' in-memory ones) books alike. A schedule's state is text: the booked slots
 * that still matter, and each lane's next free time. Pure and thread-confined: implementations run it
 * atomically on the schedule's stored text.
 */
public final class SendSchedule {
    /** How long a schedule is kept after its last booking or lane time has passed. */
    public static final long RETAIN_MILLIS = 60_000;

    private SendSchedule() {}

    /**
     * A booking's outcome.
     *
     * @param slot the booked time, epoch ms
     * @param state the schedule's new state, to store
     * @param ttlMillis how long to keep the new state, from {@code earliestMillis}
     */
    public record Booking(long slot, String state, long ttlMillis) {}

    /**
     * Books the earliest slot at or after {@code earliestMillis} that is no earlier than each given
     * lane's next free time and at least {@code sharedIntervalMillis} away from every other booked slot
     * (earlier or later: a far booking leaves the gaps before it usable). Each lane's next free time
     * becomes {@code slot + its interval}. A shared interval of 0 books no slot (a pause of lanes only).
     *
     * @param state the stored state, or null for a new schedule
     */
    public static Booking book(
            String state, Map<String, Long> laneIntervals, long sharedIntervalMillis, long earliestMillis) {
        List<Long> slots = new ArrayList<>();
        Map<String, Long> lanes = new HashMap<>();
        parse(state, slots, lanes, earliestMillis, sharedIntervalMillis);
        long slot = earliestMillis;
        for (String lane : laneIntervals.keySet()) {
            slot = Math.max(slot, lanes.getOrDefault(lane, Long.MIN_VALUE));
        }
        int insertAt = 0;
        if (sharedIntervalMillis > 0) {
            for (long booked : slots) { // ascending
                if (booked + sharedIntervalMillis <= slot) {
                    insertAt++;
                } else if (booked >= slot + sharedIntervalMillis) {
                    break;
                } else {
                    slot = booked + sharedIntervalMillis;
                    insertAt++;
                }
            }
            slots.add(insertAt, slot);
        }
        long last = slot;
        for (Map.Entry<String, Long> lane : laneIntervals.entrySet()) {
            long next = Math.max(slot + lane.getValue(), lanes.getOrDefault(lane.getKey(), Long.MIN_VALUE));
            lanes.put(lane.getKey(), next);
        }
        for (long next : lanes.values()) {
            last = Math.max(last, next);
        }
        if (!slots.isEmpty()) {
            last = Math.max(last, slots.getLast());
        }
        return new Booking(slot, format(slots, lanes), last - earliestMillis + RETAIN_MILLIS);
    }

    /** Reads the state, leaving out slots and lane times that can no longer hold anything up. */
    private static void parse(String state, List<Long> slots, Map<String, Long> lanes, long now, long interval) {
        if (state == null || state.isEmpty()) {
            return;
        }
        int bar = state.indexOf('|');
        // A slot an interval old holds nothing up any more. A lanes-only call (interval 0) cannot tell
        // and keeps a second's worth: shared intervals are at most a second (a bot's rate).
        long horizon = now - (interval > 0 ? interval : 1_000);
        for (String slot : state.substring(0, bar).split(",")) {
            if (!slot.isEmpty() && Long.parseLong(slot) > horizon) {
                slots.add(Long.parseLong(slot));
            }
        }
        for (String lane : state.substring(bar + 1).split(",")) {
            int equals = lane.lastIndexOf('=');
            if (equals > 0 && Long.parseLong(lane.substring(equals + 1)) > now) {
                lanes.put(lane.substring(0, equals), Long.parseLong(lane.substring(equals + 1)));
            }
        }
    }

    private static String format(List<Long> slots, Map<String, Long> lanes) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < slots.size(); i++) {
            text.append(i == 0 ? "" : ",").append(slots.get(i));
        }
        text.append('|');
        boolean first = true;
        for (Map.Entry<String, Long> lane : lanes.entrySet()) {
            text.append(first ? "" : ",").append(lane.getKey()).append('=').append(lane.getValue());
            first = false;
        }
        return text.toString();
    }
}
