package com.ctec.bench;

/** Prints progress lines as a long run goes, so that a stalled contender is seen at once. */
public final class Progress {
    private final long started = System.nanoTime();

    public void line(String format, Object... args) {
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        System.out.printf("[%3d:%02d] %s%n", seconds / 60, seconds % 60, String.format(format, args));
        System.out.flush();
    }
}
