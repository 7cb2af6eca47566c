package com.ctec.consumer.agent.registry;

import com.ctec.consumer.ConsumerStats;
import com.ctec.consumer.agent.registry.EntryValidator.Invalid;
import com.ctec.consumer.agent.registry.EntryValidator.Valid;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Hostile registry nodes are found invalid, with the reason; what an agent writes is valid. */
class EntryValidatorTest {
    private static final long NOW = 1_764_000_000_000L;
    private static final String NODE = "10.0.0.5:1234";

    @Test
    void anEntryAsTheAgentWritesItIsValid() {
        RegistryEntry entry = entry(60_000, points(NOW - 1_440 * 60_000L, 1_440), "RUNNING");
        assertThat(EntryValidator.check(NODE, bytes(entry.toJson()), NOW)).isEqualTo(new Valid(entry));
    }

    @Test
    void anOldEntryWithoutOptionalFieldsIsValid() {
        String old = "{\"appName\":\"a\",\"hostIp\":\"10.0.0.5\",\"pid\":1234,\"state\":\"RUNNING\"}";
        assertThat(EntryValidator.check(NODE, bytes(old), NOW)).isInstanceOf(Valid.class);
    }

    @Test
    void aPointNearTheEndOfTimeIsInvalid() {
        RegistryEntry hostile = entry(60_000, List.of(new RegistryEntry.Point(Long.MAX_VALUE - 60_000, 5)), "RUNNING");
        assertThat(problem(hostile.toJson())).contains("a point of its cpu series at " + (Long.MAX_VALUE - 60_000));
    }

    @Test
    void aHugeIntervalIsInvalid() {
        assertThat(problem(entry(Long.MAX_VALUE / 2, points(NOW - 60_000, 1), "RUNNING").toJson())).contains("has intervalMs");
    }

    @Test
    void tooManyPointsTooLongTextsAndTooManyBytesAreInvalid() {
        assertThat(problem(entry(60_000, points(NOW - 3_000 * 60_000L, 3_000), "RUNNING").toJson()))
                .contains("3000 points in its cpu series");
        String longDesc = entry(60_000, List.of(), "RUNNING").toJson().replace("\"appDesc\":\"desc\"",
                "\"appDesc\":\"" + "x".repeat(10_000) + "\"");
        assertThat(problem(longDesc)).contains("a text of 10000 characters");
        assertThat(EntryValidator.check(NODE, new byte[EntryValidator.MAX_BYTES + 1], NOW))
                .isEqualTo(new Invalid("holds " + (EntryValidator.MAX_BYTES + 1) + " bytes, more than the 1048576 an entry may have"));
    }

    @Test
    void emptyTruncatedDeepAndForeignNodesAreInvalidNotExceptions() {
        assertThat(EntryValidator.check(NODE, null, NOW)).isEqualTo(new Invalid("holds no data"));
        assertThat(EntryValidator.check(NODE, new byte[0], NOW)).isEqualTo(new Invalid("holds no data"));
        assertThat(problem("{\"appName\":\"a\\")).startsWith("is not a registry entry (bad JSON at");
        assertThat(problem("[".repeat(200_000))).contains("nested deeper than");
        assertThat(problem("[1,2]")).startsWith("is not a registry entry (a registry entry must be a JSON object");
        assertThat(EntryValidator.check(NODE, new byte[] {(byte) 0xff, (byte) 0xfe}, NOW)).isEqualTo(new Invalid("is not UTF-8 text"));
    }

    @Test
    void anEntryInTheFutureOrClaimingAnotherNodeIsInvalid() {
        RegistryEntry future = new RegistryEntry("a", "", "/", "10.0.0.5", 1234, "v", NOW, NOW + 10 * 24 * 3_600_000L,
                "RUNNING", 1, 60_000, List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
        assertThat(problem(future.toJson())).contains("has updatedAt");
        assertThat(EntryValidator.check("10.0.0.6:99", bytes(entry(60_000, List.of(), "RUNNING").toJson()), NOW))
                .isEqualTo(new Invalid("says it is 10.0.0.5:1234, but its node is 10.0.0.6:99"));
    }

    @Test
    void aStateThatIsNoStateNameIsInvalidAndShownEscaped() {
        assertThat(problem(entry(60_000, List.of(), "RUNNING\nforged row").toJson()))
                .isEqualTo("has state 'RUNNING\\nforged row', not one of RUNNING, RECOVERING, STOPPING");
    }

    @Test
    void aHistoryHourIsValidOnlyWithItsOwnMinutes() {
        long hour = NOW / 3_600_000 * 3_600_000;
        List<RegistryEntry.Point> minutes = points(hour, 60);
        HistorySeries good = new HistorySeries(minutes, minutes, minutes, minutes, minutes, minutes);
        assertThat(EntryValidator.checkHour(hour, bytes(good.toJson()))).isEqualTo(new EntryValidator.ValidHour(good));

        HistorySeries outside = new HistorySeries(List.of(new RegistryEntry.Point(Long.MAX_VALUE - 60_000, 1)), List.of(),
                List.of(), List.of(), List.of(), List.of());
        assertThat(EntryValidator.checkHour(hour, bytes(outside.toJson())))
                .isEqualTo(new EntryValidator.InvalidHour("has a point at " + (Long.MAX_VALUE - 60_000) + ", outside its hour"));
        HistorySeries crowded = new HistorySeries(List.of(), List.of(), points(hour, 1), List.of(), List.of(),
                java.util.Collections.nCopies(5_000, new RegistryEntry.Point(hour, 1)));
        assertThat(EntryValidator.checkHour(hour, bytes(crowded.toJson())))
                .isEqualTo(new EntryValidator.InvalidHour("has 5000 points in one series, more than 120"));
        assertThat(EntryValidator.checkHour(hour + 1, bytes(good.toJson()))).isInstanceOf(EntryValidator.InvalidHour.class);
        assertThat(EntryValidator.checkHour(hour, "[".repeat(100_000).getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EntryValidator.InvalidHour.class);
    }

    private static String problem(String json) {
        return ((Invalid) EntryValidator.check(NODE, bytes(json), NOW)).problem();
    }

    private static RegistryEntry entry(long intervalMs, List<RegistryEntry.Point> consumed, String state) {
        RegistryEntry.Queue queue = new RegistryEntry.Queue("q", "/", "127.0.0.1:5672", 30, 5, "THREADS", "RUNNING",
                new ConsumerStats(1, 1, 0, 0, 0, 0, 0, 0, 0));
        return new RegistryEntry("a", "desc", "/opt/a", "10.0.0.5", 1234, "1.0", NOW - 3_600_000, NOW, state, 20, intervalMs,
                List.of(queue), consumed, consumed, consumed, consumed, consumed);
    }

    private static List<RegistryEntry.Point> points(long from, int count) {
        List<RegistryEntry.Point> points = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            points.add(new RegistryEntry.Point(from + i * 60_000L, i % 100));
        }
        return points;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
