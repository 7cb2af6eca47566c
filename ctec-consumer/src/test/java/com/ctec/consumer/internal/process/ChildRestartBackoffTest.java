package com.ctec.consumer.internal.process;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The supervisor's restart delays: 1 s doubling to 60 s for quick exits, back to 1 s after a stable run. */
class ChildRestartBackoffTest {
    private final ChildRestartBackoff backoff = ChildRestartBackoff.standard();

    @Test
    void quickExitsDoubleTheDelayUpToOneMinute() {
        Stream<Duration> delays = Stream.generate(() -> backoff.afterExit(Duration.ofMillis(300))).limit(9);

        assertThat(delays.map(Duration::toSeconds)).containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L);
        assertThat(backoff.quickExits()).isEqualTo(9);
        assertThat(backoff.slowingDown()).isTrue();
    }

    @Test
    void aFirstCrashIsRestartedAfterOneSecondWithoutSlowingDown() {
        assertThat(backoff.afterExit(Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.slowingDown()).isFalse();
    }

    @Test
    void aChildThatRanStablyStartsTheSequenceAgain() {
        backoff.afterExit(Duration.ZERO);
        backoff.afterExit(Duration.ZERO);
        backoff.afterExit(Duration.ZERO);

        assertThat(backoff.afterExit(ChildRestartBackoff.STABLE_AFTER)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.quickExits()).isZero();
        assertThat(backoff.slowingDown()).isFalse();
        assertThat(backoff.afterExit(Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(2));
    }
}
