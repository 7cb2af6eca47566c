package com.ctec.consumer.cli.examples;

import com.ctec.consumer.ConsumeResult;
import com.ctec.consumer.Worker;
import com.ctec.consumer.WorkerMessage;

import java.time.Duration;

/**
 * Stands for a worker that waits on I/O (a database, an HTTP call): it sleeps, then acknowledges.
 * The pause is {@code CTEC_SLEEP_MS} milliseconds, default 20; compare THREADS and VIRTUAL_THREADS with it.
 */
public final class SleepWorker implements Worker {
    private final Duration pause;

    /** Sleeps {@code CTEC_SLEEP_MS} milliseconds (default 20) per message. */
    public SleepWorker() {
        this(Duration.ofMillis(envMillis()));
    }

    /** Sleeps {@code pause} per message. */
    public SleepWorker(Duration pause) {
        this.pause = pause;
    }

    @Override
    public ConsumeResult handle(WorkerMessage message) throws InterruptedException {
        Thread.sleep(pause);
        return ConsumeResult.SUCCESS;
    }

    private static long envMillis() {
        String value = System.getenv("CTEC_SLEEP_MS");
        try {
            return value == null || value.isBlank() ? 20 : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("CTEC_SLEEP_MS must be a number of milliseconds, was '" + value + "'", e);
        }
    }
}
