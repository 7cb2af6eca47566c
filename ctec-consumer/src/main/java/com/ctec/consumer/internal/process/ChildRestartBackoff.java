package com.ctec.consumer.internal.process;

import java.time.Duration;

/**
 * How long a supervisor waits before starting a child again: 1 s after the first unexpected exit,
 * doubling for each exit that follows soon after a start, up to 60 s; a child that ran for 30 s
 * or more counts as stable and starts the sequence again at 1 s.
 *
 * <p>One instance per child slot; not thread-safe (the supervisor's thread owns it).
 */
final class ChildRestartBackoff {
    public static final Duration FIRST_DELAY = Duration.ofSeconds(1);
    public static final Duration MAX_DELAY = Duration.ofSeconds(60);
    public static final Duration STABLE_AFTER = Duration.ofSeconds(30);

    private final Duration first;
    private final Duration max;
    private final Duration stableAfter;
    private Duration delay = Duration.ZERO;
    private int quickExits;

    public ChildRestartBackoff(Duration first, Duration max, Duration stableAfter) {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0 || stableAfter.isNegative()) {
            throw new IllegalArgumentException("backoff was first=" + first + " max=" + max + " stableAfter=" + stableAfter
                    + ": use 0 < first <= max and stableAfter >= 0.");
        }
        this.first = first;
        this.max = max;
        this.stableAfter = stableAfter;
    }

    /** The policy described above: 1 s doubling to 60 s, reset after 30 s of stable running. */
    public static ChildRestartBackoff standard() {
        return new ChildRestartBackoff(FIRST_DELAY, MAX_DELAY, STABLE_AFTER);
    }

    /** Records that the child exited after running for {@code ranFor}; returns how long to wait before starting it again. */
    public Duration afterExit(Duration ranFor) {
        if (ranFor.compareTo(stableAfter) >= 0) {
            delay = Duration.ZERO;
            quickExits = 0;
        } else {
            quickExits++;
        }
        delay = delay.isZero() ? first : min(delay.multipliedBy(2), max);
        return delay;
    }

    /** How many exits in a row came sooner than the stable time after their start. */
    public int quickExits() {
        return quickExits;
    }

    /** Whether the last delay was longer than the first: the child keeps dying right after it starts. */
    public boolean slowingDown() {
        return delay.compareTo(first) > 0;
    }

    public Duration stableAfter() {
        return stableAfter;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
