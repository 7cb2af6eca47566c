package com.ctec.consumer.agent;

import com.ctec.consumer.agent.registry.RegistryEntry.Point;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MinuteCountTest {
    private static final long MINUTE = 60_000;
    /** A minute start: 2026-01-01T00:00:00Z. */
    private static final long T0 = 1_767_225_600_000L;

    @Test
    void eachMinuteHoldsWhatWasCountedInItStampedWithTheMinuteStartWhateverTheRecordTimes() {
        MinuteCount count = new MinuteCount(T0 + 7_123);
        increment(count, 5);
        count.record(T0 + 17_500);
        increment(count, 3);
        count.record(T0 + 37_900); // Still the first minute: 8 so far.
        increment(count, 2);
        count.record(T0 + MINUTE + 50); // Just after the minute's start: the 2 belong to the first minute.
        increment(count, 4);
        count.record(T0 + 2 * MINUTE + 10);

        assertThat(count.series().points(0, Long.MAX_VALUE))
                .containsExactly(new Point(T0, 10), new Point(T0 + MINUTE, 4), new Point(T0 + 2 * MINUTE, 0));
    }

    @Test
    void aMinuteWithoutARecordIsLeftOutAndItsCountGoesToTheMinuteBeforeIt() {
        MinuteCount count = new MinuteCount(T0);
        increment(count, 1);
        count.record(T0 + 1_000);
        increment(count, 6); // The agent thread was held up for two minutes.
        count.record(T0 + 3 * MINUTE + 1_000);

        assertThat(count.series().points(0, Long.MAX_VALUE))
                .containsExactly(new Point(T0, 7), new Point(T0 + 3 * MINUTE, 0));
    }

    @Test
    void aClockSetBackKeepsCountingIntoTheNewestMinute() {
        MinuteCount count = new MinuteCount(T0 + MINUTE);
        increment(count, 2);
        count.record(T0 + MINUTE + 1_000);
        increment(count, 3);
        count.record(T0 + 30_000);

        assertThat(count.series().points(0, Long.MAX_VALUE)).containsExactly(new Point(T0 + MINUTE, 5));
    }

    @Test
    void theSeriesKeepsTheNewestTwoHoursAndAnswersARangeOfThem() {
        MinuteCount count = new MinuteCount(T0);
        for (int minute = 0; minute < 200; minute++) {
            count.increment();
            count.record(T0 + minute * MINUTE + 1);
        }

        assertThat(count.series().points(0, Long.MAX_VALUE)).hasSize(Sampler.MINUTES)
                .first().isEqualTo(new Point(T0 + 80 * MINUTE, 1));
        assertThat(count.series().points(T0 + 190 * MINUTE, T0 + 195 * MINUTE)).extracting(Point::at)
                .containsExactly(T0 + 190 * MINUTE, T0 + 191 * MINUTE, T0 + 192 * MINUTE, T0 + 193 * MINUTE, T0 + 194 * MINUTE);
    }

    private static void increment(MinuteCount count, int times) {
        for (int i = 0; i < times; i++) {
            count.increment();
        }
    }
}
