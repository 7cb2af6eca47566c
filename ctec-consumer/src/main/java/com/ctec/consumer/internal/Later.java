package com.ctec.consumer.internal;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** A task for the engine's timer: run after a delay, or at once when the timer has shut down. */
public final class Later {
    private Later() {
    }

    /**
     * Schedules {@code task} on {@code timer} in {@code millis}; runs it now when the timer was shut
     * down (the consumer is stopping: nothing is left to wait for, and a dropped task would leave
     * a message unsettled until the channel closes).
     */
    public static void run(ScheduledExecutorService timer, long millis, Runnable task) {
        try {
            timer.schedule(task, millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            task.run();
        }
    }
}
