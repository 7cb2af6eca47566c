package com.ctec.consumer.dashboard;

import com.ctec.consumer.agent.registry.RegistryEntry.Point;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.ctec.consumer.dashboard.Entries.entry;
import static com.ctec.consumer.dashboard.Entries.series;
import static org.assertj.core.api.Assertions.assertThat;

class MessageRatesTest {
    private static final long T0 = 1_764_000_000_000L;
    private static final long MINUTE = 60_000;

    @Test
    void countsPerIntervalBecomeMessagesPerMinute() {
        Instance tenSeconds = instance(1, 10_000, series(T0, 10_000, 3, at -> 5));

        assertThat(MessageRates.perMinute(tenSeconds)).extracting(Point::value).containsExactly(30.0, 30.0, 30.0);
        assertThat(MessageRates.now(tenSeconds)).isEqualTo(30.0);
        assertThat(MessageRates.now(instance(2, 10_000, List.of()))).isZero();
    }

    @Test
    void instancesOnTheSameMinutesAddUpPointByPoint() {
        Instance a = instance(1, MINUTE, series(T0, MINUTE, 3, at -> (at - T0) / MINUTE * 10));
        Instance b = instance(2, MINUTE, series(T0, MINUTE, 3, at -> 100));

        assertThat(MessageRates.sum(List.of(a, b))).containsExactly(
                new Point(T0, 100), new Point(T0 + MINUTE, 110), new Point(T0 + 2 * MINUTE, 120));
    }

    @Test
    void instancesStartedAtDifferentSecondsStillAddUpToTheFleetRate() {
        // Each process starts its minutes when it starts: 17 s and 43 s past the minute here.
        Instance a = instance(1, MINUTE, series(T0 + 17_000, MINUTE, 30, at -> 600));
        Instance b = instance(2, MINUTE, series(T0 + 43_000, MINUTE, 30, at -> 300));

        List<Point> sum = MessageRates.sum(List.of(a, b));

        // Where both ran the whole step, the total is exactly 900 a minute: no gap, no double count.
        assertThat(sum.subList(1, sum.size() - 1)).extracting(Point::value).containsOnly(900.0);
        assertThat(sum).extracting(Point::at).allMatch(at -> at % MINUTE == 0);
    }

    @Test
    void anInstanceWithShorterIntervalsIsAveragedOverTheLongestOne() {
        Instance minutes = instance(1, MINUTE, series(T0, MINUTE, 2, at -> 60));
        Instance seconds = instance(2, 1_000, series(T0, 1_000, 120, at -> at < T0 + MINUTE ? 1 : 3));

        assertThat(MessageRates.sum(List.of(minutes, seconds))).containsExactly(
                new Point(T0, 60 + 60), new Point(T0 + MINUTE, 60 + 180));
    }

    private static Instance instance(long pid, long intervalMs, List<Point> consumed) {
        return new Instance("app", "10.9.9.9:" + pid, entry("app", pid, T0, intervalMs, "RUNNING", consumed), 0);
    }
}
