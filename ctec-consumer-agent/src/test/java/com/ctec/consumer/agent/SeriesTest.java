package com.ctec.consumer.agent;

import com.ctec.consumer.agent.registry.RegistryEntry.Point;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SeriesTest {
    @Test
    void keepsTheNewestPointsOldestFirstOnceFull() {
        Series series = new Series(3);
        for (int i = 1; i <= 5; i++) {
            series.add(i * 1000L, i);
        }

        assertThat(series.points()).containsExactly(new Point(3000, 3), new Point(4000, 4), new Point(5000, 5));
    }

    @Test
    void aSamplerKeeps24HoursOfOneMinutePoints() {
        Series series = new Series(Sampler.POINTS);
        for (int minute = 0; minute < 2_000; minute++) {
            series.add(minute * 60_000L, minute);
        }

        assertThat(series.points()).hasSize(1_440).first().isEqualTo(new Point(560 * 60_000L, 560));
    }
}
