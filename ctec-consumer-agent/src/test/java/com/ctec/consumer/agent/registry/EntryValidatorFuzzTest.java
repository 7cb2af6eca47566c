package com.ctec.consumer.agent.registry;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The registry's JSON reader and entry validation, on any bytes a ZooKeeper writer can put in a
 * node: checking never throws; an entry found valid is one readers can compute with (its minute
 * figures, its trouble, its staleness) and still valid once written back; history hours likewise.
 */
class EntryValidatorFuzzTest {
    private static final long NOW = 1_764_000_000_000L;
    private static final String NODE = "10.0.0.5:1234";

    @FuzzTest(maxDuration = "5s")
    void anyNodeIsValidOrInvalidAndAValidOneIsSafeToUse(byte[] data) {
        if (EntryValidator.check(NODE, data, NOW) instanceof EntryValidator.Valid(RegistryEntry entry)) {
            entry.isStale(NOW);
            entry.lastMinute(entry.consumed());
            Trouble.of(entry);
            MinuteSums.sum(java.util.List.of(entry, entry), RegistryEntry::consumed);
            byte[] again = entry.toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            if (!(EntryValidator.check(NODE, again, NOW) instanceof EntryValidator.Valid)) {
                throw new AssertionError("a valid entry is invalid once written back: " + entry.toJson());
            }
        }
        long hour = NOW / 3_600_000 * 3_600_000;
        if (EntryValidator.checkHour(hour, data) instanceof EntryValidator.ValidHour(HistorySeries series)) {
            series.join(series).between(hour, hour + 3_600_000);
        }
    }
}
