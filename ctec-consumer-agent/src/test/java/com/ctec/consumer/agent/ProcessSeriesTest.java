package com.ctec.consumer.agent;

import com.ctec.consumer.agent.registry.RegistryEntry;
import com.ctec.consumer.agent.registry.RegistryEntry.Point;
import com.ctec.consumer.spi.Outcome;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * API.md: every series of an entry has one point per minute, stamped with the minute's start. The
 * edges where they used to part: a consumer started in the last second of a minute (the counts had
 * that minute, memory and, with other timings, cpu did not: a failure of RegistryTest in a
 * ci-repeat run), and an entry whose sampler is older than it. Times are given, not waited for.
 */
class ProcessSeriesTest {
    private static final long MINUTE = 60_000;
    /** A minute start: 2026-01-01T00:00:00Z. */
    private static final long T0 = 1_767_225_600_000L;

    @Test
    void aConsumerStartedInTheLastMomentOfAMinuteHasThatMinuteInEverySeries() {
        Sampler sampler = new Sampler(Duration.ofSeconds(1), T0 + 59_900);
        ProcessSeries series = new ProcessSeries(sampler, T0 + 59_950);
        for (int i = 0; i < 50; i++) {
            series.settled(Outcome.ACKED);
        }

        sampler.record(T0 + MINUTE + 500);
        series.record(T0 + MINUTE + 500, -1);

        RegistryEntry entry = entry(series, T0 + MINUTE + 500);
        for (List<Point> points : everySeries(entry)) {
            assertThat(points).extracting(Point::at).containsExactly(T0, T0 + MINUTE);
        }
        assertThat(entry.consumed()).extracting(Point::value).containsExactly(50.0, 0.0);
    }

    @Test
    void anEntryWhoseSamplerIsOlderStartsInItsOwnFirstMinuteInEverySeries() {
        Sampler sampler = new Sampler(Duration.ofSeconds(1), T0 + 10_000);
        sampler.record(T0 + 20_000);
        sampler.record(T0 + MINUTE + 50);
        ProcessSeries series = new ProcessSeries(sampler, T0 + 2 * MINUTE + 100);
        sampler.record(T0 + 2 * MINUTE + 100);   // what the reporter's first entry does

        RegistryEntry entry = entry(series, T0 + 2 * MINUTE + 100);
        for (List<Point> points : everySeries(entry)) {
            assertThat(points).extracting(Point::at).containsExactly(T0 + 2 * MINUTE);
        }
        assertThat(series.history(T0, T0 + 3 * MINUTE).cpu()).extracting(Point::at).containsExactly(T0 + 2 * MINUTE);
    }

    private static RegistryEntry entry(ProcessSeries series, long now) {
        return series.entry("app", "", "127.0.0.1", now, "RUNNING", List.of());
    }

    private static List<List<Point>> everySeries(RegistryEntry entry) {
        return List.of(entry.cpu(), entry.memory(), entry.consumed(), entry.heapUsed(), entry.threadCounts(), entry.failed(),
                entry.deadLettered());
    }
}
