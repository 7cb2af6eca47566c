package com.ctec.consumer.agent.registry;

import com.ctec.consumer.agent.registry.RegistryEntry.Point;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The rules of failing, stalled and behind, on entries made by hand (five minutes, the last in progress). */
class TroubleTest {
    private static final long MINUTE = 60_000;
    /** A minute start: 2026-01-01T00:00:00Z. */
    private static final long NOW_MINUTE = 1_767_225_600_000L;
    private static final double[] QUIET = {0, 0, 0, 0, 0};
    private static final double[] STEADY = {60, 60, 60, 60, 20};

    @Test
    void aSingleDeadLetterInTheLastThreeMinutesIsFailingAnOlderOneIsNot() {
        assertThat(Trouble.of(entry(STEADY, QUIET, new double[]{0, 0, 1, 0, 0}, QUIET))).isEqualTo(Trouble.FAILING);
        assertThat(Trouble.of(entry(STEADY, QUIET, new double[]{0, 0, 0, 0, 1}, QUIET))).isEqualTo(Trouble.FAILING);
        assertThat(Trouble.of(entry(STEADY, QUIET, new double[]{0, 1, 0, 0, 0}, QUIET))).isEqualTo(Trouble.NONE);
    }

    @Test
    void failuresAreFailingOnlyAboveTenInAMinute() {
        assertThat(Trouble.of(entry(STEADY, new double[]{0, 0, 10, 10, 10}, QUIET, QUIET))).isEqualTo(Trouble.NONE);
        assertThat(Trouble.of(entry(STEADY, new double[]{0, 0, 0, 11, 0}, QUIET, QUIET))).isEqualTo(Trouble.FAILING);
    }

    @Test
    void waitingMessagesWithNothingConsumedForThreeWholeMinutesAndTheCurrentOneIsStalled() {
        assertThat(Trouble.of(entry(new double[]{60, 0, 0, 0, 0}, QUIET, QUIET, new double[]{3, 3, 3, 3, 3})))
                .isEqualTo(Trouble.STALLED);
        assertThat(Trouble.of(entry(new double[]{60, 0, 0, 0, 1}, QUIET, QUIET, new double[]{3, 3, 3, 3, 3})))
                .as("it consumed one in the minute in progress").isEqualTo(Trouble.NONE);
        assertThat(Trouble.of(entry(new double[]{60, 0, 0, 0, 0}, QUIET, QUIET, QUIET))).as("nothing waits").isEqualTo(Trouble.NONE);
        assertThat(Trouble.of(entry(new double[]{0, 0, 0}, QUIET, QUIET, new double[]{3, 3, 3})))
                .as("too young to tell").isEqualTo(Trouble.NONE);
    }

    @Test
    void aBacklogThatGrewInEachOfTheLastThreeWholeMinutesIsBehind() {
        assertThat(Trouble.of(entry(STEADY, QUIET, QUIET, new double[]{10, 20, 30, 40, 0}))).isEqualTo(Trouble.BEHIND);
        assertThat(Trouble.of(entry(STEADY, QUIET, QUIET, new double[]{10, 20, 20, 40, 90}))).isEqualTo(Trouble.NONE);
    }

    @Test
    void anAppsMinutesAreItsInstancesSummedAndItsBacklogTheLargest() {
        // One instance consumes nothing, the other does: the app is not stalled.
        RegistryEntry idle = entry(new double[]{0, 0, 0, 0, 0}, QUIET, QUIET, new double[]{5, 5, 5, 5, 5});
        RegistryEntry busy = entry(STEADY, QUIET, QUIET, new double[]{5, 5, 5, 5, 5});
        assertThat(Trouble.of(idle)).isEqualTo(Trouble.STALLED);
        assertThat(Trouble.of(List.of(idle, busy))).isEqualTo(Trouble.NONE);
        // Six failures each in one minute: twelve for the app, above ten.
        RegistryEntry a = entry(STEADY, new double[]{0, 0, 0, 6, 0}, QUIET, QUIET);
        assertThat(Trouble.of(a)).isEqualTo(Trouble.NONE);
        assertThat(Trouble.of(List.of(a, a))).isEqualTo(Trouble.FAILING);
        assertThat(MinuteSums.max(List.of(idle, entry(STEADY, QUIET, QUIET, new double[]{1, 9, 1, 1, 1})), RegistryEntry::backlog))
                .extracting(Point::value).containsExactly(5.0, 9.0, 5.0, 5.0, 5.0);
    }

    private static RegistryEntry entry(double[] consumed, double[] failed, double[] deadLettered, double[] backlog) {
        return new RegistryEntry("app", "", "/opt/app", "10.0.0.1", 1, "test", NOW_MINUTE - 3_600_000, NOW_MINUTE + 20_000,
                "RUNNING", 10, MINUTE, List.of(), List.of(), List.of(), points(consumed), List.of(), List.of(), points(failed),
                points(deadLettered), points(backlog));
    }

    /** One point a minute, the last one the minute in progress. */
    private static List<Point> points(double[] values) {
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            points.add(new Point(NOW_MINUTE - (values.length - 1 - i) * MINUTE, values[i]));
        }
        return points;
    }
}
